namespace KpiExporter.Startup;

/// <summary>The <c>Urls</c> setting read as the web server reads it: addresses separated by ';', wildcard hosts allowed.</summary>
internal static class ListenAddresses
{
    public static IEnumerable<string> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Parses one address. Kestrel's wildcard hosts (<c>http://*:10123</c>, <c>http://+:10123</c>), which
    /// <see cref="Uri"/> does not parse, stand for every interface and come back as <c>0.0.0.0</c>.
    /// </summary>
    public static bool TryParse(string url, out Uri uri)
    {
        var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (Uri.TryCreate(parsable, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" && !string.IsNullOrEmpty(parsed.Host))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }
}
