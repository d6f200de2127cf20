using System.Globalization;
using Microsoft.Extensions.Options;

namespace KpiExporter.Web;

/// <summary>
/// Loads the web configuration file at start-up, so a bad one stops the exporter with a line naming the key in
/// the file; and checks that the listen addresses' scheme agrees with it (https with <c>tls_server_config</c>,
/// http without).
/// </summary>
internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    private readonly IConfiguration _configuration;

    public WebOptionsValidator(IConfiguration configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        var failures = new List<string>();
        const string s = WebOptions.Section;
        if (!(options.ReloadIntervalSeconds > 0) || double.IsInfinity(options.ReloadIntervalSeconds))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{s}:ReloadIntervalSeconds = '{options.ReloadIntervalSeconds}': must be a number greater than 0."));
        }

        var tls = false;
        if (options.Enabled)
        {
            try
            {
                tls = WebConfigFile.Load(options.FullConfigFile).Tls is not null;
            }
            catch (WebConfigException ex)
            {
                failures.Add($"{s}:ConfigFile = '{options.ConfigFile}': {ex.Message}.");
                return ValidateOptionsResult.Fail(failures);
            }
        }

        foreach (var url in (_configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            if (tls && !https)
            {
                failures.Add($"Urls = '{url}': {s}:ConfigFile turns TLS on (tls_server_config); listen on https://{AfterScheme(url)}.");
            }
            else if (!tls && https)
            {
                failures.Add($"Urls = '{url}': https needs a certificate: set tls_server_config in a web configuration file ({s}:ConfigFile, --web.config.file), or listen on http://{AfterScheme(url)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string AfterScheme(string url) => url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
}
