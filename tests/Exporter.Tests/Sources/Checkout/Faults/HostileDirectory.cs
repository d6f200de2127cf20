using KpiExporter.Configuration;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Options;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// A data directory under attack, with the real loader on the real file system: a good dataset that must stay
/// unaffected (<c>good</c>, 7 checkouts every hour) and a victim dataset loaded good (5 every hour) that hostile input
/// then replaces, so a test can show that its last good day is kept.
/// </summary>
internal sealed class HostileDirectory : IDisposable
{
    public const string Header = "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month";

    private readonly TempDirectory _dir = new("kpi-faults-");

    public HostileDirectory(Action<CheckoutOptions>? configure = null)
    {
        Options = new CheckoutOptions { DataDir = _dir.Path };
        configure?.Invoke(Options);
        Health = new SourceHealthRegistry(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System);
        Loader = new CheckoutFileLoader(Store, Health, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(Options), Logs.CreateLogger<CheckoutFileLoader>(), Opener);
        GoodPath = Write("good.csv", Day(24, today: 7));
        VictimPath = Write("victim.csv", Day(24, today: 5));
        Loader.Scan(Path);
        Store.Get("victim").ShouldNotBeNull();
    }

    public string Path => _dir.Path;

    public string GoodPath { get; }

    public string VictimPath { get; }

    public CheckoutOptions Options { get; }

    public CheckoutDatasetStore Store { get; } = new();

    public SourceHealthRegistry Health { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public ScriptedOpener Opener { get; } = new();

    public CheckoutFileLoader Loader { get; }

    public static string Day(int hours, int today = 5) =>
        Header + "\n" + string.Concat(Enumerable.Range(0, hours).Select(h => $"{h:00}h,{today},1,1,1,1\n"));

    public string File(string name) => _dir.File(name);

    public string Write(string name, string content) => _dir.Write(name, content);

    /// <summary>Writes <paramref name="length"/> bytes of <paramref name="pattern"/> repeated, in large blocks.</summary>
    public string WriteRepeated(string name, ReadOnlySpan<byte> pattern, long length, string prefix = "")
    {
        var path = File(name);
        var block = new byte[1024 * 1024];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = pattern[i % pattern.Length];
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        var head = System.Text.Encoding.UTF8.GetBytes(prefix);
        stream.Write(head);
        for (var left = length - head.Length; left > 0; left -= block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, left));
        }

        return path;
    }

    /// <summary>The good dataset is served exactly as loaded, and healthy.</summary>
    public void OtherDatasetUnaffected()
    {
        var good = Store.Get("good").ShouldNotBeNull();
        good.Day.HourCount.ShouldBe(24);
        good.Day[10]!.Today.ShouldBe(7);
        Health.Get(CheckoutFileLoader.Kind, "good").ShouldNotBeNull().Up.ShouldBe(true);
    }

    /// <summary>The victim still serves the day it had before the hostile write.</summary>
    public void VictimKeepsItsLastGoodDay()
    {
        var victim = Store.Get("victim").ShouldNotBeNull();
        victim.Day.HourCount.ShouldBe(24);
        victim.Day[10]!.Today.ShouldBe(5);
    }

    /// <summary>
    /// <paramref name="dataset"/> is failing with <paramref name="reason"/>; its error (health, landing page, status
    /// API) is one short printable line, and the log names the file and the reason. Returns the error.
    /// </summary>
    public string Rejected(string dataset, string path, string reason)
    {
        var status = Health.Get(CheckoutFileLoader.Kind, dataset).ShouldNotBeNull($"no health for dataset {dataset}");
        status.Up.ShouldBe(false);
        status.LastErrorReason.ShouldBe(reason, status.LastError);
        var error = status.LastError.ShouldNotBeNull();
        error.Length.ShouldBeLessThan(400, error);
        error.ShouldNotContain('\n');
        error.Any(char.IsControl).ShouldBeFalse(error);
        Logs.Lines.ShouldContain(l => l.Contains(path, StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal), $"no log line names {path} and {reason}:\n{Logs.Text}");
        return error;
    }

    public void Dispose() => _dir.Dispose();
}
