using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using KpiExporter.Configuration;
using KpiExporter.Sources.Database;
using KpiExporter.Web;
using Microsoft.Extensions.Configuration;

namespace KpiExporter.Startup;

/// <summary>
/// Checks every key under the exporter's own sections (<c>Checkout</c>, <c>Database</c>, <c>Web</c>) against the settings that
/// exist, and every value against its setting's type, whichever source set it (appsettings.json, <c>--config</c>,
/// environment, command line). A typo (<c>Checkout__TimeZon</c>) is an error naming the key and the closest valid
/// one instead of a setting silently left at its default; an enum names its values. Also checks <c>Urls</c>.
/// </summary>
internal static class ConfigurationKeys
{
    // The types walked here are the options classes of this assembly, which the Native AOT build roots whole
    // (TrimmerRootAssembly in KpiExporter.csproj): every public property keeps its metadata, whichever type it is reached through.
    private const string RootedOptions = "The options types are in this assembly, which the Native AOT build roots (TrimmerRootAssembly).";
    private const DynamicallyAccessedMemberTypes Properties = DynamicallyAccessedMemberTypes.PublicProperties;

    public static IReadOnlyList<string> Check(IConfiguration configuration)
    {
        var failures = new List<string>();
        CheckObject(configuration.GetSection(CheckoutOptions.Section), typeof(CheckoutOptions), failures);
        CheckDatabase(configuration.GetSection(DatabaseOptions.Section), failures);
        CheckObject(configuration.GetSection(WebOptions.Section), typeof(WebOptions), failures);
        CheckUrls(configuration["Urls"], failures);
        return failures;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = RootedOptions)]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = RootedOptions)]
    private static void CheckDatabase(IConfigurationSection database, List<string> failures)
    {
        var lists = DatabaseCheckSections.All.ToDictionary(s => s.Name, s => s.OptionsType, StringComparer.OrdinalIgnoreCase);
        var settings = Settable(typeof(DatabaseOptions));
        foreach (var child in database.GetChildren())
        {
            if (lists.TryGetValue(child.Key, out var entryType))
            {
                CheckList(child, entryType, failures);
            }
            else if (settings.TryGetValue(child.Key, out var property))
            {
                CheckProperty(child, property.PropertyType, failures);
            }
            else
            {
                failures.Add(Unknown(child, settings.Keys.Concat(lists.Keys)));
            }
        }
    }

    private static void CheckObject(IConfigurationSection section, [DynamicallyAccessedMembers(Properties)] Type type, List<string> failures)
    {
        var settings = Settable(type);
        foreach (var child in section.GetChildren())
        {
            if (settings.TryGetValue(child.Key, out var property))
            {
                CheckProperty(child, property.PropertyType, failures);
            }
            else
            {
                failures.Add(Unknown(child, settings.Keys));
            }
        }
    }

    private static void CheckList(IConfigurationSection list, [DynamicallyAccessedMembers(Properties)] Type entryType, List<string> failures)
    {
        foreach (var entry in list.GetChildren())
        {
            if (!IsIndex(entry.Key))
            {
                failures.Add($"{entry.Path}: '{entry.Key}' is not a list index; {list.Path} is a list (keys {list.Path}:0, {list.Path}:1, ...).");
                continue;
            }

            if (entryType == typeof(string))
            {
                CheckProperty(entry, typeof(string), failures);
            }
            else
            {
                CheckObject(entry, entryType, failures);
            }
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = RootedOptions)]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = RootedOptions)]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = RootedOptions)]
    private static void CheckProperty(IConfigurationSection section, Type type, List<string> failures)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            CheckList(section, underlying.GetGenericArguments()[0], failures);
            return;
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            // A map by name (Checkout:Datasets:<dataset>): any key, each entry checked as its value type.
            foreach (var entry in section.GetChildren())
            {
                CheckProperty(entry, underlying.GetGenericArguments()[1], failures);
            }

            return;
        }

        if (underlying.IsClass && underlying != typeof(string))
        {
            CheckObject(section, underlying, failures);
            return;
        }

        if (section.GetChildren().Any())
        {
            failures.Add($"{section.Path}: a single value, not a section (found {string.Join(", ", section.GetChildren().Select(c => c.Path))}).");
            return;
        }

        var value = section.Value;
        if (string.IsNullOrEmpty(value) || underlying == typeof(string))
        {
            return;
        }

        var problem = underlying switch
        {
            _ when underlying.IsEnum => Enum.GetNames(underlying).Contains(value, StringComparer.OrdinalIgnoreCase) ? null : $"must be one of {string.Join(", ", Enum.GetNames(underlying))}",
            _ when underlying == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "must be a number (with a '.' for decimals)",
            _ when underlying == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "must be a whole number",
            _ when underlying == typeof(bool) => bool.TryParse(value, out _) ? null : "must be true or false",
            _ => null,
        };
        if (problem is not null)
        {
            failures.Add($"{section.Path} = '{value}': {problem}.");
        }
    }

    private static void CheckUrls(string? urls, List<string> failures)
    {
        foreach (var url in ListenAddresses.Split(urls))
        {
            if (!ListenAddresses.TryParse(url, out var uri))
            {
                failures.Add($"Urls = '{url}': not a URL to listen on; write it with its scheme, e.g. http://127.0.0.1:10123 (several separated by ';').");
            }
            else if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                failures.Add($"Urls = '{url}': a listen address has no path; write it as {uri.Scheme}://{url.Split("://")[1].Split('/')[0]}.");
            }
        }
    }

    private static string Unknown(IConfigurationSection section, IEnumerable<string> known)
    {
        var parent = section.Path[..^section.Key.Length];
        var closest = Suggestions.Closest(section.Key, known);
        return closest is null
            ? $"{section.Path}: unknown setting (known here: {string.Join(", ", known.Order(StringComparer.Ordinal))})."
            : $"{section.Path}: unknown setting; did you mean '{parent}{closest}'?";
    }

    private static bool IsIndex(string key) => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>The public settable (or bindable complex) properties of an options type, by name, case-insensitive as configuration is.</summary>
    private static Dictionary<string, PropertyInfo> Settable([DynamicallyAccessedMembers(Properties)] Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
}
