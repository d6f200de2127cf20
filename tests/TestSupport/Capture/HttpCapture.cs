using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiMonitoring.TestSupport.Capture;

/// <summary>
/// A loopback HTTP server that records every request and answers a fixed success response, or a failure for
/// the first N requests matching a rule (<see cref="FailFirst"/>): a receiver that is down and then recovers.
/// The base of <see cref="SlackCapture"/> and <see cref="PagerDutyCapture"/>, and usable alone as a plain
/// webhook receiver (the Watchdog heartbeat).
/// </summary>
public sealed class HttpCapture : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _path;
    private readonly int _successStatus;
    private readonly string _successBody;
    private readonly string _successContentType;
    private readonly List<FailureRule> _failures = [];
    private readonly Lock _gate = new();

    private HttpCapture(WebApplication app, string? path, int successStatus, string successBody, string successContentType)
    {
        _app = app;
        _path = path;
        _successStatus = successStatus;
        _successBody = successBody;
        _successContentType = successContentType;
    }

    /// <summary>Root URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request, accepted or not, in arrival order.</summary>
    public CaptureLog<CapturedRequest> Requests { get; } = new();

    /// <summary>
    /// Starts on a free loopback port. <paramref name="path"/>: the one path that succeeds (others get 404), or
    /// null for any path.
    /// </summary>
    public static async Task<HttpCapture> StartAsync(
        string? path = null,
        int successStatus = StatusCodes.Status200OK,
        string successBody = "ok",
        string successContentType = "text/plain")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var capture = new HttpCapture(app, path, successStatus, successBody, successContentType);
        app.Run(capture.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        capture.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return capture;
    }

    /// <summary>
    /// Answers <paramref name="statusCode"/> to the next <paramref name="count"/> requests for which
    /// <paramref name="where"/> holds (every request when null); later ones succeed again.
    /// </summary>
    public void FailFirst(int count, Func<CapturedRequest, bool>? where = null, int statusCode = StatusCodes.Status500InternalServerError)
    {
        lock (_gate)
        {
            _failures.Add(new FailureRule(where ?? (_ => true), statusCode) { Left = count });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new CapturedRequest(context.Request.Method, context.Request.Path.Value ?? "/", body, 0, DateTimeOffset.UtcNow);

        int status;
        if (_path is not null && !string.Equals(request.Path, _path, StringComparison.Ordinal))
        {
            status = StatusCodes.Status404NotFound;
        }
        else
        {
            status = FailureFor(request) ?? _successStatus;
        }

        Requests.Add(request with { StatusCode = status });
        context.Response.StatusCode = status;
        if (status == _successStatus)
        {
            context.Response.ContentType = _successContentType;
            await context.Response.WriteAsync(_successBody, context.RequestAborted);
        }
        else
        {
            await context.Response.WriteAsync($"capture: answering {status} on purpose", context.RequestAborted);
        }
    }

    private int? FailureFor(CapturedRequest request)
    {
        lock (_gate)
        {
            foreach (var rule in _failures)
            {
                if (rule.Left > 0 && rule.Where(request))
                {
                    rule.Left--;
                    return rule.StatusCode;
                }
            }
        }

        return null;
    }

    private sealed record FailureRule(Func<CapturedRequest, bool> Where, int StatusCode)
    {
        public int Left { get; set; }
    }
}
