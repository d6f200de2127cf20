using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace KpiExporter.Web;

/// <summary>Wires the web configuration into the host: options and their start-up check, TLS on every endpoint, basic auth on every request, the reloader.</summary>
internal static class WebHostExtensions
{
    public static WebApplicationBuilder AddWebConfig(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.AddSingleton<WebConfigState>();
        services.AddSingleton<BasicAuthVerifier>();
        services.AddHostedService<WebConfigReloader>();

        // Endpoints are bound after the options were validated; with tls_server_config every address is https
        // (the validator refused http ones), and each handshake takes the options of the configuration in force.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            var state = listen.ApplicationServices.GetRequiredService<WebConfigState>();
            if (state.Current?.Tls is not null)
            {
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(state.Current!.Tls!.Options),
                });
            }
        }));
        return builder;
    }

    public static WebApplication UseWebConfig(this WebApplication app)
    {
        app.UseMiddleware<BasicAuthMiddleware>();
        return app;
    }
}
