using KpiExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Metrics;

public sealed class PromtoolCheckMetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Promtool_check_metrics_reports_nothing_on_a_full_scrape()
    {
        File.Copy(RepoPaths.DataFile("checkout_2.csv"), _dir.File("checkout_2.csv"));
        _dir.Write("broken.csv", "time,today\n00h,1\n");

        // An export refreshed within the hour: its last row is 16h, the hour of its modification time.
        var partial = _dir.Write("partial.csv", "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n15h,40,38,41,39,40\n16h,12,38,41,39,40\n");
        File.SetLastWriteTimeUtc(partial, new DateTime(2026, 11, 25, 16, 19, 0, DateTimeKind.Utc));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 16, 20, 0, TimeSpan.Zero));
        await using var server = await ExporterServer.StartAsync(_dir.Path, time, new Dictionary<string, string?> { ["Checkout:Summary:Time"] = "18:00" });
        var scrape = await server.ScrapeAsync();
        scrape.ShouldContain("kpi_source_errors_total{");
        scrape.ShouldContain("kpi_checkout_last_increase_timestamp_seconds{");
        scrape.ShouldContain("kpi_daily_digest_send_timestamp_seconds{day=\"2026-11-25\"}");

        var result = await Command.RunAsync("promtool", ["check", "metrics"], standardInput: scrape);

        result.Output.ShouldBeEmpty();
        result.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Every_metric_family_has_help_text()
    {
        File.Copy(RepoPaths.DataFile("checkout_2.csv"), _dir.File("checkout_2.csv"));
        await using var server = await ExporterServer.StartAsync(_dir.Path);
        var lines = (await server.ScrapeAsync()).Split('\n');

        var families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        var helped = lines.Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal) && l.Split(' ', 4).Length == 4 && l.Split(' ', 4)[3].Trim().Length > 0)
            .Select(l => l.Split(' ')[2]).ToHashSet();

        families.Where(f => f.StartsWith("kpi_", StringComparison.Ordinal)).ShouldNotBeEmpty();
        families.Where(f => !helped.Contains(f)).ShouldBeEmpty();
    }
}
