namespace KpiExporter.Http;

/// <summary>
/// <c>kpi-exporter healthcheck [URL]</c>: asks a running exporter's /healthz and exits 0 when it answers 200.
/// Container images have no curl; this is the image's HEALTHCHECK.
/// </summary>
public static class HealthcheckCommand
{
    public const string Name = "healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 0 ? args[0] : "http://127.0.0.1:10123/healthz";
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"healthcheck: {url}: {ex.Message}");
            return 1;
        }
    }
}
