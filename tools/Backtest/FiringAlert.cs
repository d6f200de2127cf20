namespace KpiMonitoring.Backtest;

/// <summary>An alert that fired for a dataset during a judged hour: its name and its <c>severity</c> label.</summary>
internal sealed record FiringAlert(string AlertName, string Severity);
