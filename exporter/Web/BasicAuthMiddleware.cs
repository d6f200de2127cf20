using System.Text;
using Microsoft.Net.Http.Headers;

namespace KpiExporter.Web;

/// <summary>
/// With <c>basic_auth_users</c> in the web configuration, every request except <c>/healthz</c> (the container's
/// liveness probe) needs a user and password that match. Anything else gets the same 401 with
/// <c>WWW-Authenticate: Basic</c>: no header, a malformed one, an unknown user and a wrong password are
/// indistinguishable to the client.
/// </summary>
internal sealed class BasicAuthMiddleware
{
    private const string Challenge = "Basic realm=\"kpi-exporter\", charset=\"UTF-8\"";

    private readonly RequestDelegate _next;
    private readonly WebConfigState _state;
    private readonly BasicAuthVerifier _verifier;

    public BasicAuthMiddleware(RequestDelegate next, WebConfigState state, BasicAuthVerifier verifier)
    {
        _next = next;
        _state = state;
        _verifier = verifier;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_state.Current is not { Users.Count: > 0 } config || IsLiveness(context.Request.Path)
            || (TryCredentials(context.Request.Headers.Authorization.ToString(), out var user, out var password) && _verifier.Verify(config.Users, user, password)))
        {
            return _next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Unauthorized\n");
    }

    private static bool IsLiveness(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/");

    private static bool TryCredentials(string header, out string user, out string password)
    {
        user = password = "";
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }
}
