using KpiExporter.Configuration;
using KpiExporter.Http;
using KpiExporter.Judging;
using KpiExporter.Metrics;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using KpiExporter.Sources.Database;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiExporter;

/// <summary>Builds the exporter's web host: configuration, sources, metrics and endpoints.</summary>
public static class ExporterApp
{
    /// <summary>Builds the app. <paramref name="configure"/> lets tests add configuration or replace services (a fake clock).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, CommandLineSwitches.Map.ToDictionary());
        configure?.Invoke(builder);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CheckoutOptions>().Bind(builder.Configuration.GetSection(CheckoutOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckoutOptions>, CheckoutOptionsValidator>();

        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IMetricFactory>(sp => Prometheus.Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<ExporterInfo>();
        services.AddSingleton<SourceHealthRegistry>();
        services.AddSingleton<MetricsSources>();

        services.AddSingleton<CheckoutDatasetStore>();
        services.AddSingleton<CheckoutReadiness>();
        services.AddSingleton<CheckoutFileLoader>();
        services.AddSingleton<JudgedHourClock>();
        services.AddSingleton<IMetricsSource, CheckoutSeries>();
        services.AddHostedService<CheckoutDirectorySource>();
        services.AddDatabaseSources(builder.Configuration);

        var app = builder.Build();
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        DotNetStats.Register(registry);
        // The build-info series and the sources (with the replay clock, which counts from here) exist from the start.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            _ = app.Services.GetRequiredService<ExporterInfo>();
            _ = app.Services.GetRequiredService<MetricsSources>();
        });

        app.MapGet("/", (ExporterInfo info, SourceHealthRegistry health) => LandingPage.Render(info, health));
        app.MapGet("/healthz", HealthEndpoints.Live);
        app.MapGet("/readyz", (CheckoutReadiness readiness) => HealthEndpoints.Ready(readiness));
        app.MapGet("/metrics", (HttpContext context, MetricsSources sources) => MetricsEndpoint.Serve(context, registry, sources.All));
        return app;
    }
}
