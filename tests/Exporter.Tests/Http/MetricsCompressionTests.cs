using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Http;

public sealed class MetricsCompressionTests : IDisposable
{
    private const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 16, 20, 0, TimeSpan.Zero));

    public MetricsCompressionTests()
    {
        File.Copy(RepoPaths.DataFile("checkout_1.csv"), _dir.File("checkout_1.csv"));
        File.Copy(RepoPaths.DataFile("checkout_2.csv"), _dir.File("checkout_2.csv"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_scraper_that_accepts_gzip_gets_the_same_exposition_compressed()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path, _time);

        var (plainHeaders, plain) = await GetAsync(server, acceptEncoding: null);
        var (gzipHeaders, compressed) = await GetAsync(server, acceptEncoding: "gzip");

        plainHeaders.Content.Headers.ContentEncoding.ShouldBeEmpty();
        plainHeaders.Content.Headers.ContentType!.ToString().ShouldBe(TextContentType);
        gzipHeaders.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        gzipHeaders.Content.Headers.ContentType!.ToString().ShouldBe(TextContentType);
        gzipHeaders.Headers.Vary.ShouldContain("Accept-Encoding");
        plainHeaders.Headers.Vary.ShouldContain("Accept-Encoding");
        compressed.Length.ShouldBeLessThan(plain.Length / 3);
        KpiLines(Decompress(compressed)).ShouldBe(KpiLines(Encoding.UTF8.GetString(plain)));
    }

    [Fact]
    public async Task A_scraper_that_refuses_gzip_gets_plain_text()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path, _time);

        var (response, body) = await GetAsync(server, acceptEncoding: "gzip;q=0, identity");

        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
        Encoding.UTF8.GetString(body).ShouldContain("kpi_checkout_hour_transactions{dataset=\"checkout_2\",hour=\"15\"} 0\n");
    }

    [Fact]
    public async Task Prometheus_scrapes_the_compressed_endpoint()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path, _time);
        var target = $"{server.Client.BaseAddress!.Host}:{server.Client.BaseAddress.Port}";
        await using var prometheus = await PrometheusServer.StartAsync([target], [], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var (_, plain) = await GetAsync(server, acceptEncoding: null);
        var seriesPerScrape = Encoding.UTF8.GetString(plain).Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));

        await Eventually.TrueAsync(
            async () => (await prometheus.QueryAsync("up{job=\"kpi-exporter\"} == 1")).GetArrayLength() == 1,
            because: $"Prometheus did not scrape the exporter: {prometheus.Output}");

        var hour = await prometheus.QueryAsync("kpi_checkout_hour_transactions{dataset=\"checkout_2\",hour=\"13\"}");
        hour[0].GetProperty("value")[1].GetString().ShouldBe("45");
        var samples = await prometheus.QueryAsync("scrape_samples_scraped{job=\"kpi-exporter\"}");
        samples[0].GetProperty("value")[1].GetString().ShouldBe(seriesPerScrape.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(ExporterServer server, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        var response = await server.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Decompress(byte[] body)
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The exporter's own lines (the process figures move between two scrapes).</summary>
    private static string[] KpiLines(string text) =>
        text.Split('\n').Where(l => l.Contains("kpi_", StringComparison.Ordinal) && !l.Contains("kpi_source_duration", StringComparison.Ordinal)).ToArray();
}
