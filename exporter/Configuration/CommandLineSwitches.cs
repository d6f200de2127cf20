namespace KpiExporter.Configuration;

/// <summary>Short command-line switches and the configuration keys they set.</summary>
internal static class CommandLineSwitches
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Checkout:DataDir",
        ["--mode"] = "Checkout:Mode",
        ["--time-zone"] = "Checkout:TimeZone",
        ["--seconds-per-hour"] = "Checkout:Replay:SecondsPerHour",
        ["--start-hour"] = "Checkout:Replay:StartHour",
    };
}
