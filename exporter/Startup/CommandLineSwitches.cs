namespace KpiExporter.Startup;

/// <summary>The exporter's command-line switches, the configuration keys they set, and their help.</summary>
internal static class CommandLineSwitches
{
    /// <summary>Short switches and the configuration keys they set (AddCommandLine's switch mappings).</summary>
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Checkout:DataDir",
        ["--mode"] = "Checkout:Mode",
        ["--time-zone"] = "Checkout:TimeZone",
        ["--seconds-per-hour"] = "Checkout:Replay:SecondsPerHour",
        ["--start-hour"] = "Checkout:Replay:StartHour",
        ["--web.config.file"] = "Web:ConfigFile",
    };

    /// <summary>Switches read before the host is built: they take no part in configuration binding.</summary>
    public const string Config = "--config";

    public const string Urls = "--urls";

    /// <summary>Every switch that takes a value, with its help line.</summary>
    public static readonly IReadOnlyList<(string Switch, string Value, string Help)> Help =
    [
        (Urls, "URLS", "where to listen, e.g. http://127.0.0.1:10123 (several separated by ';'); default http://127.0.0.1:10123 (this host only)"),
        (Config, "FILE", "a JSON settings file (the shape of appsettings.json) read after the built-in defaults"),
        ("--data-dir", "DIR", "directory of the checkout *.csv/*.tsv datasets (Checkout:DataDir); default data"),
        ("--mode", "MODE", "Live (judge the last completed hour of the clock) or Replay (Checkout:Mode); default Live"),
        ("--time-zone", "ZONE", "IANA business time zone of every source, e.g. America/Sao_Paulo (Checkout:TimeZone); default UTC"),
        ("--seconds-per-hour", "SECONDS", "replay: wall-clock seconds per replayed hour (Checkout:Replay:SecondsPerHour); default 10"),
        ("--start-hour", "HOUR", "replay: the hour the replay starts at, 0-23 (Checkout:Replay:StartHour); default 0"),
        ("--web.config.file", "FILE", "exporter-toolkit web configuration: TLS and basic auth for every endpoint but /healthz (Web:ConfigFile)"),
    ];

    /// <summary>Common switches of other programs, and what to use here instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Instead = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--port"] = "--urls http://HOST:PORT",
        ["--listen"] = "--urls http://HOST:PORT",
        ["--web.listen-address"] = "--urls http://HOST:PORT",
        ["--timezone"] = "--time-zone ZONE",
        ["--tz"] = "--time-zone ZONE",
        ["--data"] = "--data-dir DIR",
        ["--config-file"] = "--config FILE",
        ["--web-config-file"] = "--web.config.file FILE",
    };
}
