using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KpiMonitoring.Feeder;

/// <summary>
/// Injection commands over HTTP on loopback only, for the demo and end-to-end tests:
/// /outage?minutes=N, /revenue-drop?minutes=N, /volume-drop?minutes=N&amp;keep=F (keep defaults to 0.5), /bad-rows?count=N,
/// /duplicates?count=N, /null-rows?column=C&amp;count=N, /clear (GET or POST) and GET /status.
/// </summary>
internal sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ControlEndpoint(int port, Incidents incidents, Func<string> status)
    {
        Prefix = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Prefix);
        _app = builder.Build();
        _app.MapMethods("/status", ["GET"], () => status() + "\n");
        _app.MapMethods("/outage", ["GET", "POST"], (double minutes) => Command(incidents, i => i.Outage(DateTimeOffset.UtcNow, minutes), $"outage for {minutes} minutes"));
        _app.MapMethods("/revenue-drop", ["GET", "POST"], (double minutes) => Command(incidents, i => i.RevenueDrop(DateTimeOffset.UtcNow, minutes), $"revenue drop for {minutes} minutes"));
        _app.MapMethods("/volume-drop", ["GET", "POST"], (double minutes, double? keep) => Command(incidents, i => i.VolumeDrop(DateTimeOffset.UtcNow, minutes, keep ?? 0.5), $"volume drop to {keep ?? 0.5} for {minutes} minutes"));
        _app.MapMethods("/bad-rows", ["GET", "POST"], (int count) => Command(incidents, i => i.BadRows(count), $"{count} rows with negative amounts queued"));
        _app.MapMethods("/duplicates", ["GET", "POST"], (int count) => Command(incidents, i => i.DuplicateRows(count), $"{count} duplicated recent orders queued"));
        _app.MapMethods("/null-rows", ["GET", "POST"], (string column, int count) => NullableColumns.Contains(column)
            ? Command(incidents, i => i.NullRows(column, count), $"{count} rows with NULL {column} queued")
            : Results.Text(NullableColumns.Problem(column) + "\n", statusCode: 400));
        _app.MapMethods("/clear", ["GET", "POST"], () => Command(incidents, i => i.Clear(), "incidents cleared"));
        _app.MapFallback(() => Results.Text("commands: /outage?minutes=N, /revenue-drop?minutes=N, /volume-drop?minutes=N&keep=F, /bad-rows?count=N, /duplicates?count=N, /null-rows?column=C&count=N, /clear, /status\n", statusCode: 404));
    }

    public string Prefix { get; }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Command(Incidents incidents, Action<Incidents> apply, string what)
    {
        apply(incidents);
        Console.WriteLine($"control: {what}");
        return Results.Text($"{what}; {incidents.Describe(DateTimeOffset.UtcNow)}\n");
    }
}
