using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Sources.Database;
using KpiExporter.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiExporter.Startup;

/// <summary>
/// What <c>--check-config</c> prints for a valid configuration: every source and setting that decides what is served
/// and judged, so a CI step can both gate on the exit code and show what would be deployed. Never a secret: the
/// connection string and the web configuration file are named by where they come from, not by their contents.
/// </summary>
internal static class ConfigurationReport
{
    public static string Describe(IServiceProvider services)
    {
        var checkout = services.GetRequiredService<IOptions<CheckoutOptions>>().Value;
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var web = services.GetRequiredService<IOptions<WebOptions>>().Value;
        var urls = services.GetRequiredService<IConfiguration>()["Urls"];
        var text = new StringBuilder();
        text.Append("configuration OK\n")
            .Append($"  listen: {urls}\n")
            .Append($"  checkout: {checkout.FullDataDir}, mode {checkout.Mode}, business time zone {checkout.TimeZone}, maximum file age {checkout.MaxAgeSeconds:0.###} s\n");
        foreach (var (dataset, own) in checkout.Datasets.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var set = own.Thresholds.Entries().Where(e => e.Value is not null).Select(e => $"{e.Threshold.Key}={e.Value:0.###}");
            var extras = new[] { own.MaxAgeSeconds is { } age ? $"MaxAgeSeconds={age:0.###}" : null, own.SilenceThreshold is { } k ? $"SilenceThreshold={k:0.###}" : null, own.MinExpectedPerHour is { } gate ? $"MinExpectedPerHour={gate:0.###}" : null };
            text.Append($"  dataset {dataset}: {string.Join(", ", extras.OfType<string>().Concat(set))}\n");
        }

        foreach (var deadline in checkout.Deadlines)
        {
            text.Append($"  deadline {deadline.Name}: file of {deadline.Dataset} by {deadline.Time}{Days(deadline.Weekdays)}, warning {deadline.WarningMinutes:0.###} min before\n");
        }

        if (checkout.Summary.Enabled)
        {
            text.Append($"  daily summary: at {checkout.Summary.Time} ({checkout.TimeZone}), active {checkout.Summary.ActiveMinutes:0.###} min\n");
        }

        if (database.Enabled)
        {
            var targets = database.ResolvedTargets();
            text.Append($"  database: {targets.Count} database(s), time zone {database.TimeZone}, {database.CheckCount} checks\n");
            foreach (var target in targets)
            {
                text.Append($"    database {target.Name}: connection from {target.ConnectionSource}, at most {target.MaxPoolSize} connections\n");
                foreach (var check in database.Checks.Where(c => DatabaseOptions.TargetOf(c, targets) == target.Name))
                {
                    text.Append($"      {check.Key}: {check.Name}\n");
                }
            }
        }
        else
        {
            text.Append("  database: off\n");
        }

        text.Append(web.Enabled ? $"  web: {web.FullConfigFile} (TLS / basic auth as the file sets)\n" : "  web: no web configuration file (plain HTTP, no authentication)\n");
        return text.ToString();
    }

    private static string Days(List<DayOfWeek> weekdays) =>
        weekdays.Count == 0 ? " every day" : $" on {string.Join(", ", weekdays)}";
}
