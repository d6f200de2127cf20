using System.Diagnostics;
using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>The feeder (tools/Feeder) against the real server, as the demo and the end-to-end tests run it.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class FeederTests
{
    private readonly PostgresFixture _db;

    public FeederTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Feeder_backfills_the_daily_shape_and_injects_incidents_on_command()
    {
        var table = await _db.NewTransactionsTableAsync();
        var port = FreePort.Next();
        await using var feeder = ManagedProcess.Start(
            "dotnet",
            [await FeederDllAsync(), "--table", table, "--backfill-days", "2", "--scale", "10", "--seed", "7", "--live", "--control-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string> { ["KPI_FEEDER_CONNECTION"] = _db.AdminConnectionString },
            name: "kpi-feeder");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        await feeder.WaitForHttpAsync(new Uri(client.BaseAddress, "status"), TimeSpan.FromSeconds(60));

        // checkout_1's avg_last_month sums to ~351 a day; x10 for two days. Quiet nights, busy afternoons.
        var rows = await _db.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        rows.ShouldBeInRange(6000, 8100);
        var approved = await _db.ScalarAsync<decimal>($"SELECT avg((status = 'approved')::int) FROM {table}");
        approved.ShouldBeInRange(0.87m, 0.93m);
        var median = await _db.ScalarAsync<double>($"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM {table}");
        median.ShouldBeInRange(110, 130);
        var night = await _db.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE extract(hour FROM created_at AT TIME ZONE 'UTC') = 3");
        var afternoon = await _db.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE extract(hour FROM created_at AT TIME ZONE 'UTC') = 15");
        afternoon.ShouldBeGreaterThan(night * 10);

        (await client.PostAsync(new Uri("bad-rows?count=4", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE amount < 0") == 4, because: "the bad rows should be written");
        (await client.PostAsync(new Uri("outage?minutes=5", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var status = await client.GetStringAsync(new Uri("status", UriKind.Relative));
        status.ShouldContain("outage");
        status.ShouldNotContain("no outage");
    }

    /// <summary>The feeder built in the same configuration as the tests (built on demand when only the tests were).</summary>
    internal static async Task<string> FeederDllAsync()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepoPaths.Root, "tools", "Feeder", "bin", configuration, "net10.0", "kpi-feeder.dll");
        if (!File.Exists(dll))
        {
            using var build = Process.Start("dotnet", ["build", Path.Combine(RepoPaths.Root, "tools", "Feeder"), "-c", configuration, "--nologo", "-v", "q"])!;
            await build.WaitForExitAsync();
        }

        return dll;
    }
}
