namespace KpiExporter.Configuration;

/// <summary>
/// Rejects checkout thresholds that cannot work, naming the key: a gate on the expected count is 0 or more, a
/// deviation ratio lies in [-1, 0), a z-score or a log-probability is below 0. The section-wide thresholds must all
/// be set (the shipped appsettings.json sets them); a dataset's own may set any of them.
/// </summary>
internal static class CheckoutThresholdsValidation
{
    public static void Check(string prefix, CheckoutThresholds thresholds, bool required, List<string> failures)
    {
        foreach (var (threshold, value) in thresholds.Entries())
        {
            var key = $"{prefix}:{threshold.Key}";
            if (value is not { } v)
            {
                if (required)
                {
                    failures.Add($"{key} is not set; every checkout threshold needs a value (the shipped appsettings.json sets them all, docs/alerting.md explains each).");
                }

                continue;
            }

            var problem = Problem(threshold, v);
            if (problem is not null)
            {
                failures.Add($"{key} = '{v}': {problem}.");
            }
        }
    }

    private static string? Problem(CheckoutThreshold threshold, double value)
    {
        if (!double.IsFinite(value))
        {
            return "must be a finite number";
        }

        if (threshold == CheckoutThreshold.StoppedMinExpected || threshold == CheckoutThreshold.DropMinExpected)
        {
            return value >= 0 ? null : "must be 0 or more (an expected count per hour)";
        }

        if (threshold == CheckoutThreshold.StoppedMaxDeviationRatio || threshold == CheckoutThreshold.SharpDropMaxDeviationRatio || threshold == CheckoutThreshold.DropMaxDeviationRatio)
        {
            return value is >= -1 and < 0 ? null : "must be from -1 up to (not including) 0 (-0.5 is half of expected)";
        }

        return value < 0 ? null : "must be below 0";
    }
}
