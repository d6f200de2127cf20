using KpiExporter.Configuration;
using Microsoft.Extensions.Configuration;

namespace KpiExporter.Tests.Configuration;

/// <summary>The exporter's shipped appsettings.json bound as the exporter binds it: the default thresholds live only there.</summary>
internal static class ShippedSettings
{
    public static CheckoutOptions Checkout()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "exporter", "appsettings.json"), optional: false)
            .Build();
        var options = new CheckoutOptions();
        configuration.GetSection(CheckoutOptions.Section).Bind(options);
        options.DataDir = RepoPaths.Data;
        return options;
    }
}
