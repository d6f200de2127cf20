namespace KpiMonitoring.Backtest.History;

/// <summary>
/// The alert-fatigue report of an offline backtest. An <i>episode</i> is a run of consecutive firing hours of
/// one alert on one dataset: the notification a team would get (Alertmanager groups the hours of one incident);
/// pages per week count episodes. With a truth file, each severity S is scored hour by hour against the incident
/// hours that deserve S or worse: a hit is such an hour with an alert of S or worse, a miss one without, a false
/// alarm an hour with an alert of S or worse outside them.
/// </summary>
internal sealed record HistoryReport(
    DateOnly From,
    DateOnly To,
    int Days,
    IReadOnlyList<string> Datasets,
    IReadOnlyList<AlertSummary> Alerts,
    IReadOnlyList<SeverityScore>? Scores,
    IReadOnlyList<RejectedDay> Rejected,
    RuleSetComparison? Comparison)
{
    public static readonly string[] Severities = ["P1", "P2", "P3"];

    public double Weeks => Days / 7.0;

    public static HistoryReport Build(HistoryRun run, IReadOnlyList<TruthHour>? truth)
    {
        var hours = run.Hours;
        var alerts = hours
            .SelectMany(h => h.Alerts.Select(a => (Alert: a, Hour: h)))
            .GroupBy(x => x.Alert)
            .Select(g => AlertSummary.Of(g.Key, g.Select(x => x.Hour)))
            .OrderBy(s => s.Alert, HourAttribution.AlertOrder.Instance)
            .ToList();
        return new HistoryReport(
            hours.Min(h => h.Date),
            hours.Max(h => h.Date),
            hours.Select(h => h.Date).Distinct().Count(),
            [.. hours.Select(h => h.Dataset).Distinct().Order(StringComparer.Ordinal)],
            alerts,
            truth is null ? null : [.. Severities.Select(s => SeverityScore.Of(s, hours, truth))],
            run.Rejected,
            run.HoursB is { } b ? RuleSetComparison.Of(hours, b) : null);
    }

    /// <summary>Whether <paramref name="severity"/> is <paramref name="threshold"/> or more severe (P1 &lt; P2 &lt; P3).</summary>
    public static bool AtLeast(string severity, string threshold) =>
        Severities.Contains(severity) && string.CompareOrdinal(severity, threshold) <= 0;
}

/// <summary>Consecutive firing hours of one alert on one dataset.</summary>
internal sealed record Episode(string Dataset, DateTimeOffset Start, int Hours)
{
    public DateOnly Date => DateOnly.FromDateTime(Start.UtcDateTime);

    public int Hour => Start.Hour;
}

/// <summary>How often one alert fired: hours, episodes, distinct days, episodes by hour of day, the episodes themselves.</summary>
internal sealed record AlertSummary(FiringAlert Alert, int Hours, int Days, IReadOnlyList<int> ByHourOfDay, IReadOnlyList<Episode> Episodes)
{
    public static AlertSummary Of(FiringAlert alert, IEnumerable<HistoryHour> firing)
    {
        var hours = firing.OrderBy(h => h.Dataset, StringComparer.Ordinal).ThenBy(h => h.Start).ToList();
        var episodes = new List<Episode>();
        foreach (var hour in hours)
        {
            if (episodes.Count > 0 && episodes[^1] is var last && last.Dataset == hour.Dataset && last.Start.AddHours(last.Hours) == hour.Start)
            {
                episodes[^1] = last with { Hours = last.Hours + 1 };
            }
            else
            {
                episodes.Add(new Episode(hour.Dataset, hour.Start, 1));
            }
        }

        var byHour = new int[24];
        foreach (var episode in episodes)
        {
            byHour[episode.Hour]++;
        }

        return new AlertSummary(alert, hours.Count, hours.Select(h => h.Date).Distinct().Count(), byHour,
            [.. episodes.OrderBy(e => e.Start).ThenBy(e => e.Dataset, StringComparer.Ordinal)]);
    }
}

/// <summary>Hour-level score of one severity against the truth file.</summary>
internal sealed record SeverityScore(string Severity, int IncidentHours, int Hits, int Misses, int FalseAlarms)
{
    /// <summary>Share of the alert hours that fell in an incident; NaN without alerts.</summary>
    public double Precision => Hits + FalseAlarms == 0 ? double.NaN : (double)Hits / (Hits + FalseAlarms);

    /// <summary>Share of the incident hours that alerted; NaN without incidents.</summary>
    public double Recall => IncidentHours == 0 ? double.NaN : (double)Hits / IncidentHours;

    public static SeverityScore Of(string severity, IReadOnlyList<HistoryHour> hours, IReadOnlyList<TruthHour> truth)
    {
        var incident = truth.Where(t => HistoryReport.AtLeast(t.Severity, severity)).Select(t => (t.Dataset, t.Date, t.Hour)).ToHashSet();
        var judged = hours.Select(h => (h.Dataset, h.Date, h.Hour)).ToHashSet();
        incident.IntersectWith(judged); // an incident on a rejected day was not judged at all
        var alerted = hours.Where(h => h.Alerts.Any(a => HistoryReport.AtLeast(a.Severity, severity))).Select(h => (h.Dataset, h.Date, h.Hour)).ToHashSet();
        var hits = alerted.Count(incident.Contains);
        return new SeverityScore(severity, incident.Count, hits, incident.Count - hits, alerted.Count - hits);
    }
}
