namespace KpiExporter.Http;

/// <summary>
/// <c>kpi-exporter healthcheck [URL]</c>: asks a running exporter's /healthz and exits 0 when it answers 200.
/// Container images have no curl; this is the image's HEALTHCHECK. With TLS (<c>https://127.0.0.1:10123/healthz</c>)
/// the certificate is not checked when the URL is a loopback address: the check talks to its own container, sends
/// no credentials and reads only "ok", and the certificate names the service's public name, not 127.0.0.1.
/// </summary>
public static class HealthcheckCommand
{
    public const string Name = "healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 0 ? args[0] : "http://127.0.0.1:10123/healthz";
        try
        {
            var uri = new Uri(url);
            using var handler = new SocketsHttpHandler();
            if (uri.Scheme == Uri.UriSchemeHttps && uri.IsLoopback)
            {
                // Deliberate (see the summary): loopback only, no credentials sent, nothing read but the status code.
#pragma warning disable CA5359
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
            }

            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync(uri);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"healthcheck: {url}: {ex.Message}");
            return 1;
        }
    }
}
