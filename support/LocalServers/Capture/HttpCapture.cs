using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiMonitoring.LocalServers.Capture;

/// <summary>
/// A loopback HTTP receiver: records every request with the status it answered, parses the accepted ones into
/// <typeparamref name="TMessage"/> and answers a fixed success response; injected failures are answered 500. A
/// body the parser rejects is answered 400, as the real service would. The base of <see cref="SlackCapture"/>,
/// <see cref="PagerDutyCapture"/> and <see cref="WebhookCapture"/>.
/// </summary>
public abstract class HttpCapture<TMessage> : CaptureServer<TMessage>
{
    private readonly string? _path;
    private readonly SuccessResponse _success;
    private WebApplication? _app;

    /// <param name="name">How timeouts name the receiver, e.g. "Slack".</param>
    /// <param name="path">The one path that succeeds (others get 404), or null for any path.</param>
    /// <param name="success">What a delivery is answered.</param>
    protected HttpCapture(string name, string? path, SuccessResponse success)
        : base(name)
    {
        _path = path;
        _success = success;
    }

    /// <summary>Root URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request, accepted or not, in arrival order.</summary>
    public CaptureLog<CapturedRequest> Requests { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Reads a delivery the server accepted. A <see cref="JsonException"/> or <see cref="FormatException"/> answers 400.</summary>
    protected abstract TMessage Parse(CapturedRequest request);

    /// <summary>Starts <paramref name="capture"/> on a free loopback port and returns it.</summary>
    protected static async Task<TCapture> ListenAsync<TCapture>(TCapture capture)
        where TCapture : HttpCapture<TMessage>
    {
        await capture.ListenAsync();
        return capture;
    }

    private async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new CapturedRequest(context.Request.Method, context.Request.Path.Value ?? "/", body, 0, DateTimeOffset.UtcNow);
        var (status, message) = Answer(request);
        Requests.Add(request with { StatusCode = status });
        if (message is not null)
        {
            Messages.Add(message);
        }

        context.Response.StatusCode = status;
        if (status == _success.StatusCode)
        {
            context.Response.ContentType = _success.ContentType;
            await context.Response.WriteAsync(_success.Body, context.RequestAborted);
        }
        else
        {
            await context.Response.WriteAsync($"capture: answering {status}", context.RequestAborted);
        }
    }

    private (int Status, TMessage? Message) Answer(CapturedRequest request)
    {
        if (_path is not null && !string.Equals(request.Path, _path, StringComparison.Ordinal))
        {
            return (StatusCodes.Status404NotFound, default);
        }

        if (TakeFailure(request.Body, $"{request.Method} {request.Path} answered 500"))
        {
            return (StatusCodes.Status500InternalServerError, default);
        }

        try
        {
            return (_success.StatusCode, Parse(request with { StatusCode = _success.StatusCode }));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return (StatusCodes.Status400BadRequest, default);
        }
    }
}

/// <summary>What an <see cref="HttpCapture{TMessage}"/> answers a delivery it accepts.</summary>
public sealed record SuccessResponse(int StatusCode, string Body, string ContentType)
{
    public static SuccessResponse PlainOk { get; } = new(StatusCodes.Status200OK, "ok", "text/plain");
}
