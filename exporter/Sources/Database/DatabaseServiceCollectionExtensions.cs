using KpiExporter.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Database;

/// <summary>Registers the PostgreSQL sources (section <c>Database</c>).</summary>
internal static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Database</c> at start-up. Only when a database is configured (a named target, or the
    /// single connection string or its file) are the checks, their metrics and their scheduler registered;
    /// otherwise the exporter runs on CSVs alone.
    /// </summary>
    public static IServiceCollection AddDatabaseSources(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        services.AddOptions<DatabaseOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                // One business time zone for every source: the checkout's, unless the database sets its own.
                if (string.IsNullOrWhiteSpace(section[nameof(DatabaseOptions.TimeZone)]))
                {
                    options.TimeZone = configuration[$"{CheckoutOptions.Section}:{nameof(CheckoutOptions.TimeZone)}"] is { Length: > 0 } zone ? zone : options.TimeZone;
                }

                foreach (var kind in DatabaseCheckSections.All)
                {
                    kind.Bind(section, options);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        if (string.IsNullOrWhiteSpace(section[nameof(DatabaseOptions.ConnectionString)])
            && string.IsNullOrWhiteSpace(section[nameof(DatabaseOptions.ConnectionStringFile)])
            && !section.GetSection(nameof(DatabaseOptions.Targets)).GetChildren().Any())
        {
            return services;
        }

        services.AddSingleton(sp => new DatabaseCheckCatalog(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton<DatabaseConnections>();
        services.AddSingleton<IMetricsSource, DatabaseSeries>();
        services.AddSingleton<DatabaseCheckRunner>();
        services.AddHostedService<DatabaseCheckScheduler>();
        services.AddSingleton<DatabaseReload>();
        return services;
    }
}
