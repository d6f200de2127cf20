using KpiExporter.Configuration;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiExporter.Tests.Sources.Checkout;

public sealed class CheckoutFileLoaderTests : IDisposable
{
    private const string Header = "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month";

    private readonly TempDirectory _dir = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly CheckoutDatasetStore _store = new();
    private readonly SourceHealthRegistry _health;
    private readonly CheckoutFileLoader _loader;

    public CheckoutFileLoaderTests()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        _health = new SourceHealthRegistry(Prometheus.Metrics.WithCustomRegistry(registry), TimeProvider.System);
        _loader = new CheckoutFileLoader(_store, _health, TimeProvider.System, Options.Create(new CheckoutOptions { DataDir = _dir.Path }), _logs.CreateLogger<CheckoutFileLoader>());
    }

    public void Dispose() => _dir.Dispose();

    private static string Day(int hours, int today = 5) =>
        Header + "\n" + string.Concat(Enumerable.Range(0, hours).Select(h => $"{h:00}h,{today},1,1,1,1\n"));

    private SourceStatus Status(string name) => _health.Get(CheckoutFileLoader.Kind, name).ShouldNotBeNull();

    [Fact]
    public void Scan_loads_csv_and_tsv_files_named_after_the_file()
    {
        _dir.Write("shop_a.csv", Day(3));
        _dir.Write("shop_b.tsv", Day(2).Replace(',', '\t'));
        _dir.Write("notes.txt", "not a dataset");

        _loader.Scan(_dir.Path);

        _store.All.Select(d => d.Name).Order().ShouldBe(["shop_a", "shop_b"]);
        _store.Get("shop_b")!.Day.HourCount.ShouldBe(2);
        Status("shop_a").Up.ShouldBe(true);
        Status("shop_a").Rows.ShouldBe(3);
    }

    [Fact]
    public void Bad_file_is_rejected_whole_and_logged_with_file_line_and_reason()
    {
        var path = _dir.Write("shop.csv", $"{Header}\n00h,1,1,1,1,1\n01h,x,1,1,1,1\n");

        _loader.Scan(_dir.Path);

        _store.Get("shop").ShouldBeNull();
        var status = Status("shop");
        status.Up.ShouldBe(false);
        status.LastError!.ShouldContain("line 3");
        var log = _logs.Lines.ShouldHaveSingleItem();
        log.ShouldContain(path);
        log.ShouldContain("line 3");
        log.ShouldContain(LoadErrorReason.InvalidValue);
    }

    [Fact]
    public void Rewrite_replaces_the_data()
    {
        var path = _dir.Write("shop.csv", Day(24, today: 5));
        _loader.Scan(_dir.Path);

        File.WriteAllText(path, Day(24, today: 7));
        _loader.Refresh(path);

        _store.Get("shop")!.Day[10]!.Today.ShouldBe(7);
    }

    [Fact]
    public void Truncated_rewrite_keeps_the_last_good_day_and_fails_health()
    {
        var path = _dir.Write("shop.csv", Day(24, today: 5));
        _loader.Scan(_dir.Path);

        File.WriteAllText(path, Day(10, today: 9));
        _loader.Refresh(path);

        var kept = _store.Get("shop")!;
        kept.Day.HourCount.ShouldBe(24);
        kept.Day[5]!.Today.ShouldBe(5);
        Status("shop").Up.ShouldBe(false);
        Status("shop").LastError!.ShouldContain("fewer than the 24");
    }

    [Fact]
    public void Fewer_rows_on_a_new_day_are_accepted()
    {
        var path = _dir.Write("shop.csv", Day(24));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-1));
        _loader.Scan(_dir.Path);

        File.WriteAllText(path, Day(2, today: 3));
        _loader.Refresh(path);

        _store.Get("shop")!.Day.HourCount.ShouldBe(2);
        Status("shop").Up.ShouldBe(true);
    }

    [Fact]
    public void Empty_rewrite_keeps_the_last_good_day()
    {
        var path = _dir.Write("shop.csv", Day(24));
        _loader.Scan(_dir.Path);

        File.WriteAllText(path, string.Empty);
        _loader.Refresh(path);

        _store.Get("shop")!.Day.HourCount.ShouldBe(24);
        Status("shop").Up.ShouldBe(false);
        Status("shop").LastError!.ShouldContain("empty");
    }

    [Fact]
    public void Recovery_after_a_bad_write_brings_health_back()
    {
        var path = _dir.Write("shop.csv", Day(24));
        _loader.Scan(_dir.Path);
        File.WriteAllText(path, "garbage");
        _loader.Refresh(path);

        File.WriteAllText(path, Day(24, today: 8));
        _loader.Refresh(path);

        Status("shop").Up.ShouldBe(true);
        _store.Get("shop")!.Day[0]!.Today.ShouldBe(8);
    }

    [Fact]
    public void Deleted_file_drops_the_dataset_and_its_health()
    {
        var path = _dir.Write("shop.csv", Day(24));
        _loader.Scan(_dir.Path);

        File.Delete(path);
        _loader.Scan(_dir.Path);

        _store.Get("shop").ShouldBeNull();
        _health.Get(CheckoutFileLoader.Kind, "shop").ShouldBeNull();
    }

    [Fact]
    public void Rescan_skips_unchanged_files()
    {
        _dir.Write("shop.csv", Day(24));
        _loader.Scan(_dir.Path);
        var first = _store.Get("shop");

        _loader.Scan(_dir.Path);

        _store.Get("shop").ShouldBeSameAs(first);
    }

    [Fact]
    public void Same_name_with_another_extension_is_ignored()
    {
        _dir.Write("shop.csv", Day(24, today: 1));
        _dir.Write("shop.tsv", Day(24, today: 2).Replace(',', '\t'));

        _loader.Scan(_dir.Path);

        var dataset = _store.Get("shop")!;
        dataset.Path.ShouldEndWith("shop.csv");
        dataset.Day[0]!.Today.ShouldBe(1);
        _logs.Text.ShouldContain("already served");
    }

    [Fact]
    public void Missing_directory_keeps_what_was_loaded()
    {
        _dir.Write("shop.csv", Day(24));
        _loader.Scan(_dir.Path);

        _loader.Scan(Path.Combine(_dir.Path, "gone"));

        _store.Get("shop").ShouldNotBeNull();
        _logs.Text.ShouldContain("Cannot list the data directory");
    }
}
