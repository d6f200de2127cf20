using KpiExporter.Startup;

namespace KpiExporter.Http;

/// <summary>
/// <c>POST /-/reload</c> (or PUT), as Prometheus has it: reloads the configuration and answers 200 with a short
/// text, or 500 with the reasons it was rejected. Other methods get 405 from the routing. Behind the same TLS and
/// basic auth as every endpoint when the web configuration is on.
/// </summary>
internal static class ReloadEndpoint
{
    public const string Path = "/-/reload";

    public static async Task<IResult> Serve(ConfigurationReloader reloader, CancellationToken cancellationToken)
    {
        var result = await reloader.ReloadAsync($"POST {Path}", cancellationToken);
        return Results.Text(result.Describe(), "text/plain; charset=utf-8", statusCode: result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }
}
