namespace KpiMonitoring.Backtest;

internal enum OutputFormat
{
    Table,
    Json,
}

/// <summary>
/// One backtest: the day files (each a dataset named after the file without its extension), the directory
/// of rule files (<c>*.yml</c>, not recursive, so <c>rules/tests/</c> stays out), the replay speed, the
/// output format, and extra arguments appended to the exporter's command line (a configuration file; the
/// offline backtest, <c>History.HistoryOptions</c>, passes the same list to its exporter), and optionally a long-term
/// store Prometheus remote-writes to while it runs.
/// </summary>
internal sealed record BacktestOptions(
    IReadOnlyList<string> Files,
    string RulesDirectory = "rules",
    double SecondsPerHour = 2,
    OutputFormat Format = OutputFormat.Table,
    IReadOnlyList<string>? ExporterArguments = null,
    KpiMonitoring.LocalServers.RemoteWriteTarget? RemoteWrite = null);
