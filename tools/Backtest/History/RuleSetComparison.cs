namespace KpiMonitoring.Backtest.History;

/// <summary>An alert that rule set B fires and A does not (<see cref="Added"/>), or the reverse, in one hour.</summary>
internal sealed record AlertChange(string Dataset, DateOnly Date, int Hour, FiringAlert Alert, bool Added);

/// <summary>A/B of two rule sets on the same history: every alert added or removed by B, hour by hour.</summary>
internal sealed record RuleSetComparison(IReadOnlyList<AlertChange> Changes)
{
    public static RuleSetComparison Of(IReadOnlyList<HistoryHour> a, IReadOnlyList<HistoryHour> b)
    {
        var before = a.ToDictionary(h => (h.Dataset, h.Date, h.Hour), h => h.Alerts);
        var changes = new List<AlertChange>();
        foreach (var hour in b)
        {
            var old = before.GetValueOrDefault((hour.Dataset, hour.Date, hour.Hour)) ?? [];
            changes.AddRange(hour.Alerts.Except(old).Select(alert => new AlertChange(hour.Dataset, hour.Date, hour.Hour, alert, Added: true)));
            changes.AddRange(old.Except(hour.Alerts).Select(alert => new AlertChange(hour.Dataset, hour.Date, hour.Hour, alert, Added: false)));
        }

        return new RuleSetComparison([.. changes.OrderBy(c => c.Date).ThenBy(c => c.Hour).ThenBy(c => c.Dataset, StringComparer.Ordinal).ThenBy(c => c.Alert, HourAttribution.AlertOrder.Instance)]);
    }

    /// <summary>Changes of one severity by hour of day (0..23): how many added and removed.</summary>
    public (int[] Added, int[] Removed) ByHourOfDay(string severity)
    {
        var added = new int[24];
        var removed = new int[24];
        foreach (var change in Changes.Where(c => c.Alert.Severity == severity))
        {
            (change.Added ? added : removed)[change.Hour]++;
        }

        return (added, removed);
    }
}
