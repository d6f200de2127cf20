using System.Diagnostics;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>The whole exporter, in process, against the real server: timeouts, an outage and a wrong password.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class DatabaseFaultTests : IDisposable
{
    private readonly PostgresFixture _db;
    private readonly TempDirectory _dir = new();

    public DatabaseFaultTests(PostgresFixture db)
    {
        _db = db;
        File.Copy(RepoPaths.DataFile("checkout_1.csv"), _dir.File("checkout_1.csv"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Query_past_its_timeout_is_down_while_scrapes_stay_fast()
    {
        var settings = Settings(_db.ReaderConnectionString);
        Custom(settings, 0, "slow", "SELECT 1 AS value FROM pg_sleep(5)", timeoutSeconds: 0.5);
        Custom(settings, 1, "hanging", "SELECT 1 AS value FROM pg_sleep(60)", timeoutSeconds: 30);
        Custom(settings, 2, "fast", "SELECT 1 AS value");
        await using var server = await ExporterServer.StartAsync(_dir.Path, settings: settings);

        await Eventually.TrueAsync(
            async () => await server.ValueAsync(Errors("custom_sql", "slow", "timeout")) >= 1 && await server.ValueAsync(Up("custom_sql", "fast")) == 1,
            TimeSpan.FromSeconds(15),
            "the slow check should time out and the fast one succeed");

        (await server.ValueAsync(Up("custom_sql", "slow"))).ShouldBe(0);
        (await server.ValueAsync(Up("custom_sql", "fast"))).ShouldBe(1);
        (await server.ValueAsync(Up("custom_sql", "hanging"))).ShouldBeNull("its query is still running: no outcome yet");
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            (await server.ScrapeAsync()).ShouldContain("kpi_source_up");
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }

        var page = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        page.ShouldContain("canceling statement due to statement timeout");
    }

    [Fact]
    public async Task Stopped_server_fails_database_checks_only_and_they_recover_when_it_returns()
    {
        var settings = Settings(_db.ReaderConnectionString);
        settings["Database:Tables:0:Name"] = "transactions";
        Custom(settings, 0, "fast", "SELECT 1 AS value");
        await using var server = await ExporterServer.StartAsync(_dir.Path, settings: settings);
        var database = new[] { Up("freshness", "transactions"), Up("volume", "transactions"), Up("custom_sql", "fast") };
        await AllAsync(server, database, 1, "every database check should succeed first");

        await _db.Server.StopAsync();
        try
        {
            await AllAsync(server, database, 0, "every database check should fail while the server is down");
            (await server.ValueAsync(Errors("custom_sql", "fast", "connection"))).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(1);
            (await server.ValueAsync(Up("checkout_csv", "checkout_1"))).ShouldBe(1);
            (await server.ValueAsync("kpi_checkout_judged_hour_transactions{dataset=\"checkout_1\"}")).ShouldNotBeNull();
        }
        finally
        {
            await _db.Server.StartAsync();
        }

        await AllAsync(server, database, 1, "the checks should recover without an exporter restart");
        (await server.ValueAsync(Up("checkout_csv", "checkout_1"))).ShouldBe(1);
    }

    [Fact]
    public async Task Wrong_password_is_a_clear_authentication_error_that_never_shows_the_password()
    {
        const string password = "Wr0ng-9d2e-Passw0rd";
        var connection = _db.Server.ConnectionString(PostgresFixture.Reader, password, PostgresFixture.Database, pooling: true);
        var file = _dir.Write("pg-connection", connection + "\n");
        var settings = Settings(null);
        settings["Database:ConnectionStringFile"] = file;
        Custom(settings, 0, "fast", "SELECT 1 AS value");
        var logs = new LogCapture();
        await using var server = await ExporterServer.StartAsync(_dir.Path, settings: settings, configure: b =>
        {
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Debug);
        });

        await Eventually.TrueAsync(
            async () => await server.ValueAsync(Errors("custom_sql", "fast", "authentication")) >= 1,
            TimeSpan.FromSeconds(10),
            "the check should fail with reason authentication");

        (await server.ValueAsync(Up("custom_sql", "fast"))).ShouldBe(0);
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("custom_sql/fast failed", StringComparison.Ordinal)), because: "the failure should be logged");
        logs.Lines.Single(l => l.Contains("custom_sql/fast failed", StringComparison.Ordinal))
            .ShouldContain("on database kpi: authentication: 28P01: password authentication failed for user \"kpi_reader\"");
        logs.Lines.ShouldNotContain(l => l.Contains(password, StringComparison.Ordinal));
        logs.Lines.ShouldContain(l => l.Contains($"127.0.0.1:{_db.Server.Port}/kpi as kpi_reader", StringComparison.Ordinal));
        var page = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        page.ShouldContain("password authentication failed for user &quot;kpi_reader&quot;");
        page.ShouldNotContain(password);
        (await server.ScrapeAsync()).ShouldNotContain(password);
    }

    [Fact]
    public async Task Without_a_connection_string_the_exporter_runs_on_csv_alone()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        var text = await server.ScrapeAsync();
        text.ShouldNotContain("kpi_table_");
        text.ShouldNotContain("kpi_revenue_");
        (await server.ValueAsync(Up("checkout_csv", "checkout_1"))).ShouldBe(1);
    }

    [Fact]
    public async Task Invalid_database_setting_stops_the_start_naming_key_and_value()
    {
        var settings = Settings(_db.ReaderConnectionString);
        settings["Database:Tables:0:Name"] = "orders";
        settings["Database:Tables:0:TimestampColumn"] = "created_at; DROP TABLE x";

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => ExporterServer.StartAsync(_dir.Path, settings: settings));

        error.Message.ShouldContain("Database:Tables:0:TimestampColumn = 'created_at; DROP TABLE x'");
    }

    private static Dictionary<string, string?> Settings(string? connectionString) => new()
    {
        ["Database:ConnectionString"] = connectionString,
        ["Database:IntervalSeconds"] = "0.5",
        ["Database:TimeoutSeconds"] = "5",
    };

    private static void Custom(Dictionary<string, string?> settings, int index, string name, string sql, double? timeoutSeconds = null)
    {
        settings[$"Database:CustomChecks:{index}:Name"] = name;
        settings[$"Database:CustomChecks:{index}:Sql"] = sql;
        if (timeoutSeconds is { } timeout)
        {
            settings[$"Database:CustomChecks:{index}:TimeoutSeconds"] = timeout.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string Up(string kind, string source) => $"kpi_source_up{{kind=\"{kind}\",source=\"{source}\"}}";

    private static string Errors(string kind, string source, string reason) => $"kpi_source_errors_total{{kind=\"{kind}\",source=\"{source}\",reason=\"{reason}\"}}";

    private static Task AllAsync(ExporterServer server, string[] series, double value, string because) =>
        Eventually.TrueAsync(
            async () =>
            {
                var text = await server.ScrapeAsync();
                return series.All(s => MetricText.Value(text, s) == value);
            },
            TimeSpan.FromSeconds(20),
            because);
}
