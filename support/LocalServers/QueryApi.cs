using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// The Prometheus HTTP query API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>) of one server: Prometheus itself
/// or a store that serves the same API (VictoriaMetrics). Answers are the <c>data</c> fields as JSON.
/// </summary>
public sealed class QueryApi : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _server;

    public QueryApi(Uri baseAddress, string server)
    {
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _server = server;
    }

    /// <summary>An instant query; returns the <c>data.result</c> array.</summary>
    public Task<JsonElement> QueryAsync(string promql, DateTimeOffset? at = null)
    {
        var url = "/api/v1/query?query=" + Uri.EscapeDataString(promql);
        if (at is { } time)
        {
            url += "&time=" + Seconds(time);
        }

        return GetDataAsync(url, "result");
    }

    /// <summary>A range query; returns the <c>data.result</c> array (matrix).</summary>
    public Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var url = "/api/v1/query_range?query=" + Uri.EscapeDataString(promql)
            + "&start=" + Seconds(start) + "&end=" + Seconds(end)
            + "&step=" + step.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        return GetDataAsync(url, "result");
    }

    /// <summary>GET <paramref name="url"/> (relative) and return <c>data.<paramref name="field"/></c>; throws with the answer unless it is a success.</summary>
    public async Task<JsonElement> GetDataAsync(string url, string field)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"{_server} answered {(int)response.StatusCode} to {url}: {body}");
        }

        return body.GetProperty("data").GetProperty(field).Clone();
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Unix seconds with millisecond decimals, as the API takes a time.</summary>
    public static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
}
