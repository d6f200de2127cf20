using System.Net;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Http;

public sealed class LandingPageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Landing_page_lists_datasets_with_status_and_last_error()
    {
        File.Copy(RepoPaths.DataFile("checkout_2.csv"), _dir.File("checkout_2.csv"));
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
    public async Task Health_and_readiness_answer_once_the_directory_is_scanned()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        (await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
    }
}
