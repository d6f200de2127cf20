using System.Globalization;

namespace KpiMonitoring.Backtest;

/// <summary>
/// Attributes every rule evaluation to the hour it judged.
/// <para>
/// A rule evaluation at time <c>e</c> reads the newest scrape stored before <c>e</c>, and everything it writes
/// (recording rules, <c>ALERTS</c>) carries the timestamp <c>e</c>. So each recorded sample is matched, by its
/// exact timestamp and its <c>dataset</c>, with the judged hour of the newest scrape at or before that
/// timestamp: an alert of hour h is never counted for h+1 just because h+1 was scraped before someone looked.
/// </para>
/// <para>
/// One case stays ambiguous: a scrape is stamped when it starts and stored a few milliseconds later, so an
/// evaluation that follows the scrape which brought a new hour by less than a scrape interval may have read
/// either hour. Such evaluations are left out rather than guessed; the replay gives every hour several others.
/// </para>
/// </summary>
internal static class HourAttribution
{
    /// <summary>An hour counts as judged once this many unambiguous evaluations judged it.</summary>
    public const int MinimumEvaluations = 2;

    public static Attribution Attribute(RuleSamples samples, IReadOnlyList<string> datasets, TimeSpan scrapeInterval)
    {
        var guardMs = (long)scrapeInterval.TotalMilliseconds;
        var timelines = samples.JudgedHour
            .Where(s => s.Label("dataset") is not null)
            .GroupBy(s => s.Label("dataset")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new JudgedHourTimeline(g.SelectMany(s => s.Samples), guardMs), StringComparer.Ordinal);

        var expected = ByDatasetAndTime(samples.Expected);
        var zscores = ByDatasetAndTime(samples.ZScore);
        var evaluations = new Dictionary<(string Dataset, int Hour), List<(long Time, double Today, double Expected, double Z)>>();
        foreach (var series in samples.Today)
        {
            var dataset = series.Label("dataset");
            if (dataset is null || !timelines.TryGetValue(dataset, out var timeline))
            {
                continue;
            }

            foreach (var sample in series.Samples)
            {
                if (timeline.HourAt(sample.TimestampMs) is not { } hour)
                {
                    continue;
                }

                var key = (dataset, hour);
                if (!evaluations.TryGetValue(key, out var list))
                {
                    evaluations[key] = list = [];
                }

                list.Add((
                    sample.TimestampMs,
                    sample.Value,
                    expected.GetValueOrDefault((dataset, sample.TimestampMs), double.NaN),
                    zscores.GetValueOrDefault((dataset, sample.TimestampMs), double.NaN)));
            }
        }

        var alerts = new Dictionary<(string Dataset, int Hour), SortedSet<FiringAlert>>();
        foreach (var series in samples.FiringAlerts)
        {
            // Alerts without a dataset (Watchdog, ExporterDown, table alerts) say nothing about a dataset's hour.
            var dataset = series.Label("dataset");
            if (dataset is null || !timelines.TryGetValue(dataset, out var timeline))
            {
                continue;
            }

            var alert = new FiringAlert(series.Label("alertname") ?? "", series.Label("severity") ?? "");
            foreach (var sample in series.Samples)
            {
                if (timeline.HourAt(sample.TimestampMs) is { } hour)
                {
                    var key = (dataset, hour);
                    if (!alerts.TryGetValue(key, out var set))
                    {
                        alerts[key] = set = new SortedSet<FiringAlert>(AlertOrder.Instance);
                    }

                    set.Add(alert);
                }
            }
        }

        var verdicts = new List<HourVerdict>();
        var unjudged = new List<UnjudgedHour>();
        var conflicts = new List<string>();
        foreach (var dataset in datasets)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var list = evaluations.GetValueOrDefault((dataset, hour)) ?? [];
                if (list.Count < MinimumEvaluations)
                {
                    unjudged.Add(new UnjudgedHour(dataset, hour, list.Count));
                }

                if (list.Count == 0)
                {
                    continue;
                }

                var first = list[0];
                // Equals, not ==: NaN (an undefined z-score) equals NaN here.
                var oddIndex = list.FindIndex(e => !e.Today.Equals(first.Today) || !e.Expected.Equals(first.Expected) || !e.Z.Equals(first.Z));
                if (oddIndex >= 0)
                {
                    var odd = list[oddIndex];
                    conflicts.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{dataset} hour {hour:00}: evaluations disagree (today {first.Today}, expected {first.Expected}, z {first.Z} at {first.Time} ms; today {odd.Today}, expected {odd.Expected}, z {odd.Z} at {odd.Time} ms)"));
                }

                var fired = alerts.TryGetValue((dataset, hour), out var set) ? set.ToList() : [];
                verdicts.Add(new HourVerdict(dataset, hour, first.Today, first.Expected, first.Z, fired, list.Count));
            }
        }

        return new Attribution(verdicts, unjudged, conflicts);
    }

    private static Dictionary<(string Dataset, long Time), double> ByDatasetAndTime(IReadOnlyList<SampleSeries> series)
    {
        var values = new Dictionary<(string Dataset, long Time), double>();
        foreach (var one in series)
        {
            if (one.Label("dataset") is { } dataset)
            {
                foreach (var sample in one.Samples)
                {
                    values[(dataset, sample.TimestampMs)] = sample.Value;
                }
            }
        }

        return values;
    }

    /// <summary>The judged hour of one dataset as scraped, in time order.</summary>
    private sealed class JudgedHourTimeline
    {
        private readonly long[] _times;
        private readonly int[] _hours;
        private readonly long _guardMs;

        public JudgedHourTimeline(IEnumerable<Sample> scrapes, long guardMs)
        {
            var ordered = scrapes.OrderBy(s => s.TimestampMs).ToArray();
            _times = ordered.Select(s => s.TimestampMs).ToArray();
            _hours = ordered.Select(s => (int)s.Value).ToArray();
            _guardMs = guardMs;
        }

        /// <summary>The hour an evaluation at <paramref name="time"/> judged, or null when that is not certain.</summary>
        public int? HourAt(long time)
        {
            var index = Array.BinarySearch(_times, time);
            if (index < 0)
            {
                index = ~index - 1;
            }

            if (index < 0)
            {
                return null;
            }

            var changed = index > 0 && _hours[index - 1] != _hours[index];
            if (changed && time - _times[index] < _guardMs)
            {
                return null;
            }

            return _hours[index];
        }
    }

    /// <summary>Most severe first (P1 before P2 before P3), then by name.</summary>
    internal sealed class AlertOrder : IComparer<FiringAlert>
    {
        public static readonly AlertOrder Instance = new();

        public int Compare(FiringAlert? x, FiringAlert? y)
        {
            var bySeverity = string.CompareOrdinal(x?.Severity, y?.Severity);
            return bySeverity != 0 ? bySeverity : string.CompareOrdinal(x?.AlertName, y?.AlertName);
        }
    }
}

/// <summary>An hour of a dataset judged by fewer than <see cref="HourAttribution.MinimumEvaluations"/> evaluations.</summary>
internal sealed record UnjudgedHour(string Dataset, int Hour, int Evaluations);

/// <summary>
/// The verdicts of every hour judged at least once, the hours not (yet) judged often enough, and hours whose
/// evaluations disagree (which would mean the attribution is wrong, so the run fails).
/// </summary>
internal sealed record Attribution(IReadOnlyList<HourVerdict> Verdicts, IReadOnlyList<UnjudgedHour> Unjudged, IReadOnlyList<string> Conflicts)
{
    public bool IsComplete => Unjudged.Count == 0 && Conflicts.Count == 0;
}
