using System.Net;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Http;

public sealed class LandingPageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Landing_page_lists_datasets_with_status_and_last_error()
    {
        File.Copy(RepoPaths.DataFile("checkout_2.csv"), _dir.File("checkout_2.csv"));
        // Live mode on the wall clock: a copy keeps the checkout's time, which may be older than the maximum age (STALE).
        File.SetLastWriteTimeUtc(_dir.File("checkout_2.csv"), DateTime.UtcNow);
        _dir.Write("broken.csv", "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n00h,<b>1</b>,1,1,1,1\n");
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        var html = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        html.ShouldContain("kpi-exporter");
        html.ShouldContain("href=\"metrics\"");
        html.ShouldContain("checkout_2</td><td class=\"ok\">OK</td>");
        html.ShouldContain("broken</td><td class=\"failing\">FAILING</td>");
        html.ShouldContain("line 2: column &#39;today&#39; of hour 00: &#39;&lt;b&gt;1&lt;/b&gt;&#39; is not a number");
    }

    [Fact]
    public async Task Live_mode_shows_a_stale_file_and_a_file_without_its_recent_hours_with_the_figures()
    {
        var now = new DateTimeOffset(2026, 11, 25, 16, 20, 0, TimeSpan.Zero);
        var header = "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n";
        var morning = string.Concat(Enumerable.Range(0, 14).Select(h => $"{h:00}h,5,5,5,5,5\n"));
        File.SetLastWriteTimeUtc(_dir.Write("fresh.csv", header + morning + "14h,5,5,5,5,5\n15h,5,5,5,5,5\n"), now.AddMinutes(-10).UtcDateTime);
        File.SetLastWriteTimeUtc(_dir.Write("partial.csv", header + morning), now.AddMinutes(-30).UtcDateTime);
        File.SetLastWriteTimeUtc(_dir.Write("old.csv", header + morning), now.AddDays(-2).UtcDateTime);
        await using var server = await ExporterServer.StartAsync(_dir.Path, new FakeTimeProvider(now));

        var html = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        html.ShouldContain("fresh</td><td class=\"ok\">OK</td>");
        html.ShouldContain("partial</td><td class=\"warn\">INCOMPLETE</td>");
        html.ShouldContain("the file&#39;s last hour row is 13h, which ended 2h 20m ago (maximum 2h 00m)");
        html.ShouldContain("old</td><td class=\"warn\">STALE</td>");
        html.ShouldContain("file last modified 48h 00m ago (maximum 2h 00m)");
        (await server.ValueAsync("kpi_checkout_file_covered_until_timestamp_seconds{dataset=\"partial\"}")).ShouldBe(now.AddHours(-2).AddMinutes(-20).ToUnixTimeSeconds());
        (await server.ValueAsync("kpi_checkout_file_covered_until_timestamp_seconds{dataset=\"fresh\"}")).ShouldBe(now.AddMinutes(-20).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Replay_mode_has_no_stale_or_incomplete_datasets()
    {
        var header = "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n";
        File.SetLastWriteTimeUtc(_dir.Write("old.csv", header + "00h,5,5,5,5,5\n"), DateTime.UtcNow.AddDays(-3));
        await using var server = await ExporterServer.StartAsync(_dir.Path, settings: new Dictionary<string, string?> { ["Checkout:Mode"] = "Replay" });

        var html = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        html.ShouldContain("old</td><td class=\"ok\">OK</td>");
        (await server.ValueAsync("kpi_checkout_file_covered_until_timestamp_seconds{dataset=\"old\"}")).ShouldBeNull();
    }

    [Fact]
    public async Task A_failing_database_check_shows_its_reason_but_never_the_connection_string_or_its_password()
    {
        const string password = "Pw-9d41c7-never-shown";
        var connectionString = $"Host=127.0.0.1;Port={FreePort.Next()};Username=kpi_exporter;Password={password};Database=kpi;Timeout=2";
        await using var server = await ExporterServer.StartAsync(_dir.Path, settings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = connectionString,
            ["Database:Tables:0:Name"] = "transactions",
            ["Database:IntervalSeconds"] = "1",
            ["Database:StaggerStart"] = "false",
        });

        await Eventually.TrueAsync(
            async () => (await server.Client.GetStringAsync(new Uri("/", UriKind.Relative))).Contains("<td class=\"failing\">FAILING</td>", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the database check did not fail against a closed port");
        var html = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        html.ShouldContain("connection: ");
        html.ShouldNotContain(password);
        html.ShouldNotContain("Password=", Case.Insensitive);
        html.ShouldNotContain("Username=", Case.Insensitive);
        (await server.ScrapeAsync()).ShouldNotContain(password);
    }

    [Fact]
    public async Task Health_and_readiness_answer_once_the_directory_is_scanned()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        (await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
    }
}
