using KpiExporter.Configuration;
using KpiExporter.Sources.Checkout;
using KpiExporter.Sources.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Deadlines;

/// <summary>Registers the deadline source, after the checkout and database sources whose data it judges.</summary>
internal static class DeadlineServiceCollectionExtensions
{
    public static IServiceCollection AddDeadlines(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DeadlineSeries(
            sp.GetRequiredService<IOptions<CheckoutOptions>>().Value,
            sp.GetRequiredService<CheckoutDatasetStore>(),
            sp.GetService<DatabaseCheckCatalog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<DeadlineSeries>());
        return services;
    }
}
