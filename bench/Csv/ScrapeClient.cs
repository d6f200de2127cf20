using System.Diagnostics;
using System.Net;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// Scrapes one /metrics URL as a scraper does: the whole body read and thrown away (no decoding into a string,
/// which would time the client), plain or with <c>Accept-Encoding: gzip</c>.
/// </summary>
internal sealed class ScrapeClient : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Uri _url;
    private readonly bool _gzip;
    private readonly byte[] _buffer = new byte[256 * 1024];

    public ScrapeClient(Uri url, bool gzip)
    {
        _url = url;
        _gzip = gzip;
    }

    /// <summary>One scrape: its wall time in milliseconds and the bytes on the wire.</summary>
    public async Task<(double Milliseconds, long Bytes)> ScrapeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        if (_gzip)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(_buffer)) > 0)
        {
            bytes += read;
        }

        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, bytes);
    }

    public void Dispose() => _client.Dispose();
}
