using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// Evaluates alerting rules over backfilled history with a real Prometheus as the query engine: one range query
/// per alert, one step per judged hour (the exporter's series of an hour are stamped at the hour's start, and
/// the evaluation reads them at that instant, as the live rule evaluation reads the newest scrape).
/// <para>
/// <c>for:</c> is honoured as Prometheus' rule manager honours it at an evaluation interval of one hour: a
/// series becomes pending at the first step its expression returns it and fires at the first step at least
/// <c>for</c> later at which it is still returned without a gap; a step without it resets it. An alert without
/// <c>for:</c> fires at the first step. Only alerts with a <c>dataset</c> label are attributed to a dataset's
/// hours, as in the live replay (a heartbeat such as Watchdog belongs to no hour).
/// </para>
/// </summary>
internal static class OfflineEvaluation
{
    /// <summary>Prometheus answers at most 11,000 points per series; a quarter has about 2,200 hours.</summary>
    private const int MaxStepsPerQuery = 10_000;

    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    /// <summary>The alerts that fired, by dataset and hour, for each hour from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static async Task<Dictionary<(string Dataset, DateTimeOffset Hour), List<FiringAlert>>> EvaluateAsync(
        PrometheusServer prometheus, IReadOnlyList<AlertRule> rules, DateTimeOffset first, DateTimeOffset last)
    {
        var fired = new Dictionary<(string Dataset, DateTimeOffset Hour), List<FiringAlert>>();
        foreach (var rule in rules)
        {
            var pendingSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var previous = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            for (var start = first; start <= last; start += Step * MaxStepsPerQuery)
            {
                var end = Min(last, start + (Step * (MaxStepsPerQuery - 1)));
                var result = await prometheus.QueryRangeAsync(rule.Expression, start, end, Step);
                foreach (var series in SampleSeries.FromMatrix(result))
                {
                    var dataset = series.Label("dataset");
                    var key = string.Join(',', series.Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
                    foreach (var sample in series.Samples)
                    {
                        var at = DateTimeOffset.FromUnixTimeMilliseconds(sample.TimestampMs);
                        if (!previous.TryGetValue(key, out var before) || at - before != Step)
                        {
                            pendingSince[key] = at;
                        }

                        previous[key] = at;
                        if (dataset is not null && at - pendingSince[key] >= rule.For)
                        {
                            var hour = (dataset, at);
                            if (!fired.TryGetValue(hour, out var alerts))
                            {
                                fired[hour] = alerts = [];
                            }

                            alerts.Add(new FiringAlert(rule.Name, rule.Severity));
                        }
                    }
                }
            }
        }

        return fired.ToDictionary(f => f.Key, f => f.Value.Distinct().Order(HourAttribution.AlertOrder.Instance).ToList());
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
