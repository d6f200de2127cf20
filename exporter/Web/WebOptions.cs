namespace KpiExporter.Web;

/// <summary>The exporter's web configuration: configuration section <c>Web</c> (switch <c>--web.config.file</c>).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// An exporter-toolkit web configuration file (<c>tls_server_config</c>, <c>basic_auth_users</c>), the same
    /// file the official exporters accept. Empty: plain HTTP without authentication, as before.
    /// </summary>
    public string? ConfigFile { get; set; }

    /// <summary>How often the file (and the certificate, key and client CA files it names) is checked for changes.</summary>
    public double ReloadIntervalSeconds { get; set; } = 5;

    /// <summary>Whether a web configuration file is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ConfigFile);

    /// <summary>The file as an absolute path (relative to the working directory).</summary>
    public string FullConfigFile => Path.GetFullPath(ConfigFile ?? "");
}
