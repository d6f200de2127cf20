using System.Text.Json;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// 5,000 dataset files appearing at once in a running exporter with the default limit (1,000): the series stay
/// bounded, every file over the limit is logged once and counted, the data directory's source says so, and the
/// dataset that was there before keeps being served.
/// </summary>
public sealed class DatasetFloodTests : IDisposable
{
    private const int Flood = 5_000;

    private readonly TempDirectory _dir = new("kpi-flood-");
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Five_thousand_files_at_once_stay_within_the_dataset_limit_and_each_one_over_it_is_reported()
    {
        _dir.Write("good.csv", HostileDirectory.Day(24, today: 7));
        await using var server = await ExporterServer.StartAsync(_dir.Path, configure: b => b.Logging.AddProvider(_logs));
        var flood = Enumerable.Range(0, Flood).Select(i => _dir.File($"flood_{i:0000}.csv")).ToList();
        var content = HostileDirectory.Day(24, today: 3);
        foreach (var path in flood)
        {
            File.WriteAllText(path, content);
        }

        // Watched in process, not by scraping: a scrape of 1,000 datasets every 50 ms would slow the loads it waits for.
        var over = Flood + 1 - 1_000;
        var health = server.App.Services.GetRequiredService<SourceHealthRegistry>();
        await Eventually.TrueAsync(
            () => OverLimitLogs().Count == over && Datasets(health) == 1_000,
            TimeSpan.FromSeconds(60),
            $"the exporter did not load 999 files and refuse {over}");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two more rescans: nothing is logged twice

        var scrape = await server.ScrapeAsync();
        MetricText.Value(scrape, "kpi_checkout_files_over_limit").ShouldBe(over);
        var datasets = scrape.Split('\n').Where(l => l.StartsWith("kpi_checkout_judged_hour{", StringComparison.Ordinal)).ToList();
        datasets.Count.ShouldBe(1_000);
        scrape.Split('\n').Count(l => l.StartsWith("kpi_checkout_hour_transactions{", StringComparison.Ordinal)).ShouldBe(1_000 * 24);
        scrape.Split('\n').Count(l => l.StartsWith("kpi_source_up{", StringComparison.Ordinal)).ShouldBe(1_001, "one per dataset and the directory's own");
        scrape.ShouldContain("kpi_checkout_max_datasets 1000\n");
        MetricText.Value(scrape, "kpi_checkout_judged_hour_transactions{dataset=\"good\"}").ShouldBe(7);

        var overLimitLogs = OverLimitLogs();
        overLimitLogs.Count.ShouldBe(over);
        overLimitLogs.Distinct().Count().ShouldBe(over);

        using var status = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/api/v1/status", UriKind.Relative)));
        var directory = status.RootElement.GetProperty("sources").EnumerateArray()
            .Single(s => s.GetProperty("kind").GetString() == CheckoutFileLoader.DirectoryKind);
        directory.GetProperty("state").GetString().ShouldBe("FAILING");
        directory.GetProperty("last_error_reason").GetString().ShouldBe(LoadErrorReason.TooManyDatasets);
        directory.GetProperty("detail").GetString().ShouldStartWith("5,001 dataset files, more than Checkout:MaxDatasets = 1,000: 4,001 not loaded (");

        foreach (var path in flood)
        {
            File.Delete(path);
        }

        await Eventually.TrueAsync(
            () => health.Get(CheckoutFileLoader.DirectoryKind, _dir.Path)?.Up == true && Datasets(health) == 1,
            TimeSpan.FromSeconds(60),
            "the data directory's source did not recover once the flood was gone");
        (await server.ValueAsync($"kpi_source_up{{kind=\"{CheckoutFileLoader.DirectoryKind}\",source=\"{_dir.Path}\"}}")).ShouldBe(1);
        (await server.ValueAsync("kpi_checkout_files_over_limit")).ShouldBe(0);
        (await server.ValueAsync("kpi_checkout_judged_hour_transactions{dataset=\"good\"}")).ShouldBe(7);
    }

    private static int Datasets(SourceHealthRegistry health) => health.Snapshot().Count(s => s.Kind == CheckoutFileLoader.Kind);

    private List<string> OverLimitLogs() => _logs.Lines.Where(l => l.Contains("Not loading ", StringComparison.Ordinal)).ToList();
}
