namespace KpiMonitoring.Backtest.History;

/// <summary>
/// An offline backtest of a directory of day files: the rules (and optionally a second rule set to compare), an
/// optional truth file of incident hours, where the report's chart goes, and the extra exporter arguments
/// (appended to the exporter's command line, as in the live replay).
/// </summary>
internal sealed record HistoryOptions(
    string Directory,
    string RulesDirectory = "rules",
    string? RulesDirectoryB = null,
    string? TruthFile = null,
    OutputFormat Format = OutputFormat.Table,
    string? ChartFile = null,
    IReadOnlyList<string>? ExporterArguments = null);
