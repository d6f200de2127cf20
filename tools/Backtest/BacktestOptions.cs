namespace KpiMonitoring.Backtest;

internal enum OutputFormat
{
    Table,
    Json,
}

/// <summary>
/// One backtest: the day files (each a dataset named after the file without its extension), the directory
/// of rule files (<c>*.yml</c>, not recursive, so <c>rules/tests/</c> stays out), the replay speed and the
/// output format, and an exporter settings file (thresholds to try) passed to the exporter's <c>--config</c>.
/// </summary>
internal sealed record BacktestOptions(
    IReadOnlyList<string> Files,
    string RulesDirectory = "rules",
    double SecondsPerHour = 2,
    OutputFormat Format = OutputFormat.Table,
    string? ExporterSettings = null)
{
    /// <summary>The exporter's arguments for the settings file: <c>--config FILE</c>, or none.</summary>
    public IEnumerable<string> ExporterSettingsArguments => ExporterSettings is null ? [] : ["--config", ExporterSettings];
}
