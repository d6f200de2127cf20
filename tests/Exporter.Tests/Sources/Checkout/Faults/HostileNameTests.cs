using System.Net;
using System.Text.Json;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// Dataset files whose names hold what a label value must escape (quotes, backslashes, a newline) or what it may
/// carry as is (spaces, unicode): <c>promtool check metrics</c> accepts the scrape, a real Prometheus stores every
/// name exactly, and the status API and the landing page show them (the page HTML-escaped).
/// </summary>
public sealed class HostileNameTests : IDisposable
{
    private static readonly string[] Names =
    [
        "with spaces",
        "ünïcødé 日本 🎉",
        "quote\"d",
        "back\\slash",
        "new\nline",
        "tab\tand\rreturn",
        "<i>tag & 'single'",
    ];

    private readonly TempDirectory _dir = new("kpi-names-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Hostile_file_names_are_escaped_so_the_scrape_parses_and_names_survive_intact()
    {
        foreach (var name in Names)
        {
            _dir.Write(name + ".csv", HostileDirectory.Day(24, today: 4));
        }

        _dir.Write("bad \"one\"\n.csv", "time,today\n00h,1\n"); // rejected: its name is in the health series
        await using var server = await ExporterServer.StartAsync(_dir.Path);
        var scrape = await server.ScrapeAsync();

        var check = await Command.RunAsync("promtool", ["check", "metrics"], standardInput: scrape);
        check.Output.ShouldBeEmpty();
        check.ExitCode.ShouldBe(0);

        await using var prometheus = await PrometheusServer.StartAsync([server.BaseAddress.Authority], [], TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(
            async () => (await prometheus.QueryAsync("kpi_checkout_judged_hour_transactions")).GetArrayLength() == Names.Length,
            TimeSpan.FromSeconds(30),
            "Prometheus did not store a series for every dataset");
        var stored = (await prometheus.QueryAsync("kpi_checkout_judged_hour_transactions")).EnumerateArray()
            .Select(s => s.GetProperty("metric").GetProperty("dataset").GetString()).ToList();
        stored.ShouldBe(Names, ignoreOrder: true);
        var failing = (await prometheus.QueryAsync("kpi_source_up{kind=\"checkout_csv\"} == 0")).EnumerateArray().ShouldHaveSingleItem();
        failing.GetProperty("metric").GetProperty("source").GetString().ShouldBe("bad \"one\"\n");

        using var status = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/api/v1/status", UriKind.Relative)));
        var names = status.RootElement.GetProperty("sources").EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == CheckoutFileLoader.Kind)
            .Select(s => s.GetProperty("name").GetString()).ToList();
        names.ShouldBe([.. Names, "bad \"one\"\n"], ignoreOrder: true);

        var page = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        page.ShouldContain(WebUtility.HtmlEncode("<i>tag & 'single'"));
        page.ShouldNotContain("<i>tag");
    }
}
