using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiExporter.Tests.Support;

/// <summary>The real exporter, in process, on a free loopback port.</summary>
internal sealed class ExporterServer : IAsyncDisposable
{
    private ExporterServer(WebApplication app, Uri baseAddress, HttpClient client)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = client;
        Client.BaseAddress = baseAddress;
        Client.Timeout = TimeSpan.FromSeconds(10);
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <param name="configure">Runs last, after the test defaults (e.g. to add a log capture provider).</param>
    /// <param name="client">The client the server's <see cref="Client"/> is (e.g. one that trusts a test CA and sends credentials) and the scheme it speaks; default plain HTTP.</param>
    public static async Task<ExporterServer> StartAsync(string dataDir, TimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, (string Scheme, HttpClient Client)? client = null)
    {
        var args = new[] { "--urls", $"{client?.Scheme ?? "http"}://127.0.0.1:0", "--data-dir", dataDir };
        var app = ExporterApp.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Checkout:DebounceMilliseconds"] = "50",
                ["Checkout:RescanIntervalSeconds"] = "1",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new ExporterServer(app, new Uri(address), client?.Client ?? new HttpClient());
        await Eventually.TrueAsync(
            async () => (await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode,
            because: "the exporter did not become ready");
        return server;
    }

    public Task<string> ScrapeAsync() => Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>The value of one series in a scrape, or null when the series is absent.</summary>
    public async Task<double?> ValueAsync(string series)
    {
        var text = await ScrapeAsync();
        return MetricText.Value(text, series);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
