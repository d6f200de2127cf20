using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using KpiExporter.Sources.Database;
using KpiExporter.Tests.Sources.Database;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Startup;

/// <summary>
/// Reloading the configuration (POST /-/reload, SIGHUP) against the real PostgreSQL server: checks added, changed
/// and removed; an unchanged check keeps running with its last result; a bad configuration is rejected and the
/// running checks go on.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class ConfigurationReloadTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public ConfigurationReloadTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task A_valid_reload_adds_changes_and_removes_checks_and_keeps_the_unchanged_one_running_with_its_last_result()
    {
        var (a, b, c, d) = (await TableAsync(), await TableAsync(), await TableAsync(), await TableAsync());
        using var dir = new TempDirectory();
        var file = dir.Write("exporter.json", Config(_db.ReaderConnectionString, (a, 60), (b, 60), (c, 60)));
        await using var reload = await StartAsync(dir, file);
        await Eventually.TrueAsync(async () => await reload.Server.ValueAsync(Freshness(c)) is not null, because: "the first runs did not happen");
        var catalog = reload.Server.App.Services.GetRequiredService<DatabaseCheckCatalog>();
        var runningA = catalog.Checks.Single(x => x.Source == a);
        var oldB = catalog.Checks.Single(x => x.Source == b);
        // A run of a after the reload would show this newer row: the kept check is not run again by the reload.
        await _db.InsertAsync(a, new Transaction(Now.AddMinutes(-1), 1m));

        await File.WriteAllTextAsync(file, Config(_db.ReaderConnectionString, (d, 60), (a, 60), (b, 120)));
        var response = await reload.Server.Client.PostAsync(new Uri("/-/reload", UriKind.Relative), null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("configuration reloaded\n");
        catalog.Checks.Select(x => x.Source).ShouldBe([d, a, b]);
        catalog.Checks.Single(x => x.Source == a).ShouldBeSameAs(runningA);
        catalog.Checks.Single(x => x.Source == b).ShouldNotBeSameAs(oldB);
        catalog.Checks.Single(x => x.Source == b).Interval.ShouldBe(TimeSpan.FromSeconds(120));
        var text = await reload.Server.ScrapeAsync();
        MetricText.Value(text, Freshness(a)).ShouldBe(Now.AddMinutes(-10).ToUnixTimeSeconds());
        MetricText.Value(text, Freshness(c)).ShouldBeNull();
        MetricText.Value(text, $"kpi_source_up{{kind=\"freshness\",source=\"{c}\"}}").ShouldBeNull();
        MetricText.Value(text, "kpi_exporter_config_last_reload_successful").ShouldBe(1);
        MetricText.Value(text, "kpi_exporter_config_reloads_total{result=\"success\"}").ShouldBe(1);
        MetricText.Value(text, "kpi_exporter_config_last_reload_success_timestamp_seconds").ShouldBe(Now.ToUnixTimeSeconds());
        await Eventually.TrueAsync(async () => await reload.Server.ValueAsync(Freshness(d)) is not null, because: "the added check did not run");
        await Eventually.TrueAsync(async () => await reload.Server.ValueAsync(Freshness(b)) is not null, because: "the changed check did not run");
        reload.Logs.Text.ShouldContain("Database checks reloaded: 3 checks (1 kept running, 2 new or changed, 2 removed)");
    }

    [Theory]
    [InlineData("unknown", "Database:Tables:0:IntervalSecond")]
    [InlineData("invalid", "Database:Tables:0:IntervalSeconds")]
    [InlineData("json", "exporter.json")]
    [InlineData("missing-file", "Database:ConnectionStringFile")]
    public async Task An_invalid_configuration_is_rejected_naming_the_key_and_the_running_checks_go_on(string fault, string named)
    {
        var a = await TableAsync();
        using var dir = new TempDirectory();
        var good = Config(_db.ReaderConnectionString, (a, 60));
        var file = dir.Write("exporter.json", good);
        await using var reload = await StartAsync(dir, file);
        await Eventually.TrueAsync(async () => await reload.Server.ValueAsync(Freshness(a)) is not null, because: "the first run did not happen");
        var catalog = reload.Server.App.Services.GetRequiredService<DatabaseCheckCatalog>();
        var running = catalog.Checks.Single();
        reload.Time.Advance(TimeSpan.FromSeconds(5));

        await File.WriteAllTextAsync(file, fault switch
        {
            "unknown" => good.Replace("\"IntervalSeconds\"", "\"IntervalSecond\"", StringComparison.Ordinal),
            "invalid" => good.Replace("\"IntervalSeconds\": 60", "\"IntervalSeconds\": -5", StringComparison.Ordinal),
            "json" => good[..(good.Length / 2)],
            _ => ConfigWithFile(dir.File("no-such-secret"), (a, 60)),
        });
        var response = await reload.Server.Client.PostAsync(new Uri("/-/reload", UriKind.Relative), null);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldStartWith("failed to reload the configuration: ", customMessage: reload.Logs.Text);
        body.ShouldContain(named);
        body.ShouldNotContain(PostgresFixture.ReaderPassword);
        reload.Logs.Text.ShouldContain("rejected: ");
        reload.Logs.Lines.ShouldContain(line => line.Contains("rejected", StringComparison.Ordinal) && line.Contains(named, StringComparison.Ordinal));
        reload.Logs.Text.ShouldNotContain(PostgresFixture.ReaderPassword);
        var text = await reload.Server.ScrapeAsync();
        MetricText.Value(text, "kpi_exporter_config_last_reload_successful").ShouldBe(0);
        MetricText.Value(text, "kpi_exporter_config_reloads_total{result=\"failure\"}").ShouldBe(1);
        MetricText.Value(text, "kpi_exporter_config_last_reload_success_timestamp_seconds").ShouldBe(Now.ToUnixTimeSeconds());
        catalog.Checks.Single().ShouldBeSameAs(running);

        // The old check still runs on its interval.
        await _db.InsertAsync(a, new Transaction(Now.AddMinutes(-1), 1m));
        reload.Time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await reload.Server.ValueAsync(Freshness(a)) == Now.AddMinutes(-1).ToUnixTimeSeconds(), because: "the old check stopped running");

        // Fixed, the next reload succeeds and the metric says so.
        await File.WriteAllTextAsync(file, good);
        var fixedResponse = await reload.Server.Client.PostAsync(new Uri("/-/reload", UriKind.Relative), null);
        fixedResponse.StatusCode.ShouldBe(HttpStatusCode.OK, await fixedResponse.Content.ReadAsStringAsync() + reload.Logs.Text);
        text = await reload.Server.ScrapeAsync();
        MetricText.Value(text, "kpi_exporter_config_last_reload_successful").ShouldBe(1);
        MetricText.Value(text, "kpi_exporter_config_last_reload_success_timestamp_seconds").ShouldBe(Now.AddSeconds(65).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_changed_connection_string_file_gets_a_new_pool_and_the_checks_keep_their_last_results()
    {
        var a = await TableAsync();
        using var dir = new TempDirectory();
        var secret = dir.Write("secret", _db.ReaderConnectionString);
        var file = dir.Write("exporter.json", ConfigWithFile(secret, (a, 60)));
        await using var reload = await StartAsync(dir, file);
        await Eventually.TrueAsync(async () => await reload.Server.ValueAsync(Freshness(a)) is not null, because: "the first run did not happen");
        var connections = reload.Server.App.Services.GetRequiredService<DatabaseConnections>();
        var before = connections["kpi"];

        await File.WriteAllTextAsync(secret, _db.ReaderConnectionString + ";Application Name=reloaded");
        (await reload.Server.Client.PostAsync(new Uri("/-/reload", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        connections["kpi"].ShouldNotBeSameAs(before);
        (await reload.Server.ValueAsync(Freshness(a))).ShouldBe(Now.AddMinutes(-10).ToUnixTimeSeconds());
        await _db.InsertAsync(a, new Transaction(Now.AddMinutes(-1), 1m));
        reload.Time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await reload.Server.ValueAsync(Freshness(a)) == Now.AddMinutes(-1).ToUnixTimeSeconds(), because: "the check did not run on the new pool");
        (await _db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'reloaded'")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_exporter_process_reloads_on_SIGHUP_and_keeps_its_series_when_the_new_file_is_broken()
    {
        var (a, b) = (await TableAsync(DateTimeOffset.UtcNow), await TableAsync(DateTimeOffset.UtcNow));
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        var file = dir.Write("exporter.json", Config(_db.ReaderConnectionString, (a, 60)));
        await using var exporter = await ExporterProcess.StartAsync(["--data-dir", dir.File("data"), "--config", file]);
        using var client = new HttpClient { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        async Task<double?> ValueAsync(string series) => MetricText.Value(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), series);
        await Eventually.TrueAsync(async () => await ValueAsync(Freshness(a)) is not null, because: "the first run did not happen");

        await File.WriteAllTextAsync(file, Config(_db.ReaderConnectionString, (a, 60), (b, 60)));
        await HangUpAsync(exporter.ProcessId);

        await Eventually.TrueAsync(async () => await ValueAsync(Freshness(b)) is not null, because: $"the added check's series did not appear after SIGHUP: {exporter.Output}");
        (await ValueAsync("kpi_exporter_config_last_reload_successful")).ShouldBe(1);

        await File.WriteAllTextAsync(file, "{ \"Database\": ");
        await HangUpAsync(exporter.ProcessId);

        await Eventually.TrueAsync(async () => await ValueAsync("kpi_exporter_config_last_reload_successful") == 0, because: "the broken file was not reported");
        (await ValueAsync(Freshness(a))).ShouldNotBeNull();
        (await ValueAsync(Freshness(b))).ShouldNotBeNull();
        (await ValueAsync("kpi_exporter_config_reloads_total{result=\"failure\"}")).ShouldBe(1);
        exporter.Output.ShouldContain("Configuration reload (SIGHUP) rejected");
        exporter.Output.ShouldNotContain(PostgresFixture.ReaderPassword);
    }

    private static string Freshness(string table) => $"kpi_table_last_row_timestamp_seconds{{database=\"{PostgresFixture.Database}\",table=\"{table}\"}}";

    private async Task<string> TableAsync(DateTimeOffset? now = null)
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(table, new Transaction((now ?? Now).AddMinutes(-10), 10m));
        return table;
    }

    private static string Config(string connectionString, params (string Table, int Interval)[] tables) =>
        Document($"\"ConnectionString\": {JsonSerializer.Serialize(connectionString)}", tables);

    private static string ConfigWithFile(string connectionStringFile, params (string Table, int Interval)[] tables) =>
        Document($"\"ConnectionStringFile\": {JsonSerializer.Serialize(connectionStringFile)}", tables);

    private static string Document(string connection, (string Table, int Interval)[] tables)
    {
        var entries = tables.Select(t => string.Create(CultureInfo.InvariantCulture, $"{{ \"Name\": \"{t.Table}\", \"Volume\": false, \"IntervalSeconds\": {t.Interval} }}"));
        return $"{{\n  \"Database\": {{\n    {connection},\n    \"StaggerStart\": false,\n    \"Tables\": [\n      {string.Join(",\n      ", entries)}\n    ]\n  }}\n}}\n";
    }

    private static async Task<Reloading> StartAsync(TempDirectory dir, string file)
    {
        Directory.CreateDirectory(dir.File("data"));
        var time = new FakeTimeProvider(Now);
        var logs = new CapturingLoggerProvider();
        var server = await ExporterServer.StartAsync(dir.File("data"), time, configure: builder =>
        {
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
            builder.Logging.AddProvider(logs);
        });
        return new Reloading(server, time, logs);
    }

    private static async Task HangUpAsync(int processId)
    {
        using var kill = Process.Start("kill", ["-HUP", processId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        kill.ExitCode.ShouldBe(0);
    }

    private sealed record Reloading(ExporterServer Server, FakeTimeProvider Time, CapturingLoggerProvider Logs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Logs.Dispose();
        }
    }
}
