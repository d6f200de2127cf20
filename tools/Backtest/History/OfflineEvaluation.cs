using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// Evaluates alerting rules over backfilled history with a real Prometheus as the query engine: one range query
/// per alert, one step per judged hour, at the instant the hour's samples carry (<see cref="HistoryTimeline"/>),
/// as the live rule evaluation reads the newest scrape.
/// <para>
/// <c>for:</c> is honoured in business time, as Prometheus' rule manager honours it at an evaluation interval of
/// one hour: a series becomes pending at the first hour its expression returns it and fires at the first hour at
/// least <c>for</c> later at which it is still returned without a gap; an hour without it resets it. An alert
/// without <c>for:</c> fires at the first hour. Only alerts with a <c>dataset</c> label are attributed to a
/// dataset's hours, as in the live replay (a heartbeat such as Watchdog belongs to no hour).
/// </para>
/// </summary>
internal static class OfflineEvaluation
{
    /// <summary>Prometheus answers at most 11,000 points per series; a quarter has about 2,200 hours.</summary>
    private const int MaxStepsPerQuery = 10_000;

    /// <summary>The alerts that fired, by dataset, date and hour, for each hour of the dates from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static async Task<Dictionary<(string Dataset, DateOnly Date, int Hour), List<FiringAlert>>> EvaluateAsync(
        PrometheusServer prometheus, IReadOnlyList<AlertRule> rules, HistoryTimeline timeline, DateOnly first, DateOnly last)
    {
        // The alerts are independent queries; Prometheus answers them in parallel.
        var perRule = await Task.WhenAll(rules.Select(rule => EvaluateAsync(prometheus, rule, timeline, first, last)));
        return perRule.SelectMany(r => r).GroupBy(x => x.Hour)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Alert).Distinct().Order(HourAttribution.AlertOrder.Instance).ToList());
    }

    private static async Task<List<((string Dataset, DateOnly Date, int Hour) Hour, FiringAlert Alert)>> EvaluateAsync(
        PrometheusServer prometheus, AlertRule rule, HistoryTimeline timeline, DateOnly first, DateOnly last)
    {
        var fired = new List<((string Dataset, DateOnly Date, int Hour) Hour, FiringAlert Alert)>();
        var from = timeline.At(first, 0);
        var to = timeline.At(last, 23);
        var pendingSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var previous = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var start = from; start <= to; start += timeline.Step * MaxStepsPerQuery)
        {
            var end = start + (timeline.Step * (MaxStepsPerQuery - 1)) is var chunkEnd && chunkEnd < to ? chunkEnd : to;
            var result = await prometheus.QueryRangeAsync(rule.Expression, start, end, timeline.Step);
            foreach (var series in SampleSeries.FromMatrix(result))
            {
                var dataset = series.Label("dataset");
                var key = string.Join(',', series.Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
                foreach (var sample in series.Samples)
                {
                    var (date, hour) = timeline.HourAt(DateTimeOffset.FromUnixTimeMilliseconds(sample.TimestampMs));
                    var at = HistoryTimeline.BusinessStart(date, hour);
                    if (!previous.TryGetValue(key, out var before) || at - before != TimeSpan.FromHours(1))
                    {
                        pendingSince[key] = at;
                    }

                    previous[key] = at;
                    if (dataset is not null && at - pendingSince[key] >= rule.For)
                    {
                        fired.Add(((dataset, date, hour), new FiringAlert(rule.Name, rule.Severity)));
                    }
                }
            }
        }

        return fired;
    }
}
