using KpiExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Http;

public sealed class MetricsEndpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public MetricsEndpointTests()
    {
        // Copies keep the checkout's modification time, which may be another day than today: written now, as an
        // export would be, so that "fewer rows than earlier today" means today whatever day the repository was cloned.
        foreach (var name in (string[])["checkout_1.csv", "checkout_2.csv"])
        {
            File.Copy(RepoPaths.DataFile(name), _dir.File(name));
            File.SetLastWriteTimeUtc(_dir.File(name), DateTime.UtcNow);
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Scrape_serves_every_hour_and_baseline_of_the_real_files()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        var text = await server.ScrapeAsync();

        MetricText.Value(text, "kpi_checkout_hour_transactions{dataset=\"checkout_2\",hour=\"15\"}").ShouldBe(0);
        MetricText.Value(text, "kpi_checkout_hour_transactions{dataset=\"checkout_2\",hour=\"13\"}").ShouldBe(45);
        MetricText.Value(text, "kpi_checkout_hour_baseline_transactions{dataset=\"checkout_2\",hour=\"15\",baseline=\"yesterday\"}").ShouldBe(51);
        MetricText.Value(text, "kpi_checkout_hour_baseline_transactions{dataset=\"checkout_2\",hour=\"15\",baseline=\"avg_last_month\"}").ShouldBe(27.785714285714285);
        MetricText.Value(text, "kpi_source_up{kind=\"checkout_csv\",source=\"checkout_1\"}").ShouldBe(1);
        MetricText.Value(text, "kpi_source_rows{kind=\"checkout_csv\",source=\"checkout_2\"}").ShouldBe(24);
        text.ShouldContain("# HELP kpi_checkout_hour_transactions ");
        text.ShouldContain("kpi_exporter_build_info{version=");
    }

    [Fact]
    public async Task Live_mode_judges_the_last_completed_hour_of_the_fake_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 16, 20, 0, TimeSpan.Zero));
        await using var server = await ExporterServer.StartAsync(_dir.Path, time);

        (await server.ValueAsync("kpi_checkout_judged_hour{dataset=\"checkout_2\"}")).ShouldBe(15);
        (await server.ValueAsync("kpi_checkout_judged_hour_transactions{dataset=\"checkout_2\"}")).ShouldBe(0);
        (await server.ValueAsync("kpi_checkout_judged_hour_baseline_transactions{dataset=\"checkout_2\",baseline=\"same_day_last_week\"}")).ShouldBe(42);

        time.Advance(TimeSpan.FromHours(2));

        (await server.ValueAsync("kpi_checkout_judged_hour{dataset=\"checkout_2\"}")).ShouldBe(17);
        (await server.ValueAsync("kpi_checkout_judged_hour_transactions{dataset=\"checkout_2\"}")).ShouldBe(0);
        (await server.ValueAsync("kpi_checkout_judged_hour_transactions{dataset=\"checkout_1\"}")).ShouldBe(45);
        (await server.ValueAsync("kpi_checkout_max_age_seconds{dataset=\"checkout_1\"}")).ShouldBe(7200);
    }

    [Fact]
    public async Task Replay_mode_plays_the_day_from_the_start_hour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        await using var server = await ExporterServer.StartAsync(_dir.Path, time, new Dictionary<string, string?>
        {
            ["Checkout:Mode"] = "Replay",
            ["Checkout:Replay:SecondsPerHour"] = "5",
            ["Checkout:Replay:StartHour"] = "13",
        });

        (await server.ValueAsync("kpi_checkout_judged_hour_transactions{dataset=\"checkout_2\"}")).ShouldBe(45);
        time.Advance(TimeSpan.FromSeconds(10));
        (await server.ValueAsync("kpi_checkout_judged_hour{dataset=\"checkout_2\"}")).ShouldBe(15);
        (await server.ValueAsync("kpi_checkout_judged_hour_transactions{dataset=\"checkout_2\"}")).ShouldBe(0);
        (await server.ValueAsync("kpi_checkout_max_age_seconds{dataset=\"checkout_2\"}")).ShouldBeNull();
    }

    [Fact]
    public async Task Judged_series_are_absent_when_the_file_has_no_row_for_the_hour()
    {
        var dir = new TempDirectory();
        dir.Write("partial.csv", "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n00h,1,1,1,1,1\n01h,2,2,2,2,2\n");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 16, 20, 0, TimeSpan.Zero));
        await using var server = await ExporterServer.StartAsync(dir.Path, time);

        var text = await server.ScrapeAsync();

        MetricText.Value(text, "kpi_checkout_judged_hour{dataset=\"partial\"}").ShouldBe(15);
        MetricText.Value(text, "kpi_checkout_judged_hour_transactions{dataset=\"partial\"}").ShouldBeNull();
        dir.Dispose();
    }

    [Fact]
    public async Task Rewriting_a_file_is_picked_up_without_a_restart()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);
        var series = "kpi_checkout_hour_transactions{dataset=\"checkout_2\",hour=\"15\"}";
        (await server.ValueAsync(series)).ShouldBe(0);

        var text = File.ReadAllText(_dir.File("checkout_2.csv")).Replace("15h,0,51,", "15h,33,51,", StringComparison.Ordinal);
        File.WriteAllText(_dir.File("checkout_2.csv"), text);

        await Eventually.TrueAsync(async () => await server.ValueAsync(series) == 33, because: "the rewrite was not picked up");
    }

    [Fact]
    public async Task Added_and_removed_files_are_picked_up()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        File.Copy(_dir.File("checkout_1.csv"), _dir.File("store_b.csv"));
        await Eventually.TrueAsync(async () => await server.ValueAsync("kpi_source_up{kind=\"checkout_csv\",source=\"store_b\"}") == 1);

        File.Delete(_dir.File("store_b.csv"));
        await Eventually.TrueAsync(async () => (await server.ScrapeAsync()).Contains("store_b", StringComparison.Ordinal) == false, because: "series of a deleted file must go");
    }

    [Fact]
    public async Task Truncated_rewrite_keeps_serving_the_last_good_data_and_drops_health_to_zero()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);
        var lines = File.ReadAllLines(_dir.File("checkout_2.csv"));

        File.WriteAllLines(_dir.File("checkout_2.csv"), lines.Take(11));

        await Eventually.TrueAsync(async () => await server.ValueAsync("kpi_source_up{kind=\"checkout_csv\",source=\"checkout_2\"}") == 0);
        var text = await server.ScrapeAsync();
        MetricText.Value(text, "kpi_checkout_hour_transactions{dataset=\"checkout_2\",hour=\"13\"}").ShouldBe(45);
        MetricText.Value(text, "kpi_checkout_hour_transactions{dataset=\"checkout_2\",hour=\"23\"}").ShouldBe(17);
        // One write can reach the watcher as two change events more than the debounce apart on a loaded machine;
        // each read of the truncated file is rejected and counted.
        MetricText.Value(text, "kpi_source_errors_total{kind=\"checkout_csv\",source=\"checkout_2\",reason=\"truncated\"}").ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(1);
        MetricText.Value(text, "kpi_source_up{kind=\"checkout_csv\",source=\"checkout_1\"}").ShouldBe(1);
    }

    [Fact]
    public async Task Malformed_rewrite_counts_the_error_by_reason()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        File.WriteAllText(_dir.File("checkout_1.csv"), "time,today\n00h,1\n");

        await Eventually.TrueAsync(async () => await server.ValueAsync("kpi_source_errors_total{kind=\"checkout_csv\",source=\"checkout_1\",reason=\"missing_column\"}") == 1);
        (await server.ValueAsync("kpi_checkout_hour_transactions{dataset=\"checkout_1\",hour=\"00\"}")).ShouldBe(9);
    }
}
