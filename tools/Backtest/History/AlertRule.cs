namespace KpiMonitoring.Backtest.History;

/// <summary>
/// An alerting rule ready for offline evaluation: its expression with every recorded series it reads replaced by
/// the recording rule's own expression (see <see cref="RuleSet"/>), its <c>for:</c> and its <c>severity</c> label.
/// </summary>
internal sealed record AlertRule(string Name, string Expression, TimeSpan For, string Severity);
