using System.Globalization;

namespace KpiMonitoring.Stack;

/// <summary>
/// <c>KpiMonitoring.Stack --time-to-detect RATE [--trials N] [--slot-seconds S] [--warmup-seconds W]</c>: starts the
/// stack with the feeder at a steady RATE sales (approved transactions) an hour (<see cref="SteadyFeedStack"/>), lets it run W seconds,
/// stops the sales at a recorded time and measures how long the RevenueSilence page takes to reach the PagerDuty
/// capture; a fresh stack per trial. Prints one line per trial and the median, next to the Poisson limit k/λ.
/// Timers as in the full-stack test: scrape and evaluation every 0.5 s, database checks every 1 s, group_wait 1 s.
/// With <c>--csv [--refresh-seconds S]</c> the CSV path instead (<see cref="CheckoutExportStack"/>): RATE checkouts an
/// hour in an export rewritten every S seconds (default 1) with the running hour partial, and the CheckoutSilence page.
/// </summary>
internal static class TimeToDetectCommand
{
    /// <summary>The shipped k (the default of RevenueStreamCheckOptions.SilenceThreshold and CheckoutOptions.SilenceThreshold).</summary>
    private const double K = 16;

    /// <summary>When Prometheus started firing <paramref name="alertname"/> (its activeAt), or null.</summary>
    private static async Task<DateTimeOffset?> FiringSinceAsync(LocalStack stack, string alertname)
    {
        foreach (var alert in (await stack.Prometheus.AlertsAsync()).EnumerateArray())
        {
            if (alert.GetProperty("labels").TryGetProperty("alertname", out var name) && name.GetString() == alertname
                && alert.TryGetProperty("activeAt", out var activeAt))
            {
                return DateTimeOffset.Parse(activeAt.GetString()!, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var rate = 0.0;
        var trials = 1;
        var slotSeconds = 900.0;
        var warmup = 30.0;
        var csv = false;
        var refresh = 1.0;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--time-to-detect": rate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--trials": trials = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--slot-seconds": slotSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup-seconds": warmup = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--csv": csv = true; break;
                case "--refresh-seconds": refresh = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    await output.WriteLineAsync($"unknown option '{args[i]}'; usage: --time-to-detect RATE [--trials N] [--slot-seconds S] [--warmup-seconds W] [--csv [--refresh-seconds S]]");
                    return 2;
            }
        }

        if (rate <= 0 || trials < 1 || refresh <= 0)
        {
            await output.WriteLineAsync("--time-to-detect needs a rate > 0 (sales an hour) and --trials >= 1");
            return 2;
        }

        var limit = TimeSpan.FromSeconds(K * 3600 / rate);
        await output.WriteLineAsync(csv
            ? $"checkout export of {rate.ToString(CultureInfo.InvariantCulture)} checkouts/h rewritten every {refresh.ToString(CultureInfo.InvariantCulture)} s; Poisson limit k/λ = {limit.TotalSeconds:F1} s (k = {K})"
            : $"steady {rate.ToString(CultureInfo.InvariantCulture)} sales/h ({SteadyFeedStack.TransactionsPerHour(rate):F0} transactions/h), slot {slotSeconds.ToString(CultureInfo.InvariantCulture)} s; Poisson limit k/λ = {limit.TotalSeconds:F1} s (k = {K})");
        var measured = new List<TimeSpan>();
        for (var trial = 1; trial <= trials; trial++)
        {
            var work = Directory.CreateTempSubdirectory("kpi-time-to-detect-").FullName;
            try
            {
                var interval = TimeSpan.FromMilliseconds(500);
                await using var stack = await LocalStack.StartAsync(
                    csv
                        ? CheckoutExportStack.Options(work, rate, TimeSpan.FromSeconds(refresh), interval, routeTimerDivisor: 10)
                        : SteadyFeedStack.Options(work, rate, interval, routeTimerDivisor: 10, databaseIntervalSeconds: 1, slotSeconds: slotSeconds),
                    TextWriter.Null,
                    cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(warmup), cancellationToken);
                var expectedRate = csv
                    ? $"dataset:checkout_stream_expected_rate:per_second{{dataset=\"{CheckoutExportStack.Dataset}\"}}"
                    : $"table:revenue_expected_rate:per_second{{table=\"{SteadyFeedStack.Stream}\"}}";
                var expected = (await SteadyFeedStack.ValueAsync(stack, expectedRate) ?? 0) * 3600;
                var quietPages = SteadyFeedStack.Triggers(stack).Select(e => e.Summary ?? "?").ToList();
                var stop = await SteadyFeedStack.StartOutageAsync(stack, minutes: (limit.TotalMinutes * 4) + 10, cancellationToken);
                var timeout = (limit * 4) + TimeSpan.FromMinutes(2);
                var page = csv
                    ? await CheckoutExportStack.WaitForPageAsync(stack, stop, timeout)
                    : await SteadyFeedStack.WaitForPageAsync(stack, stop, timeout);
                var latency = page - stop;
                measured.Add(latency);
                var fired = await FiringSinceAsync(stack, csv ? CheckoutExportStack.Alert : SteadyFeedStack.Alert);
                await output.WriteLineAsync(
                    $"trial {trial}: expected {expected:F1}/h (k/λ there {K * 3600 / expected:F1} s), stop to page {latency.TotalSeconds:F1} s, "
                    + $"{latency / limit:F2}x the limit (firing in Prometheus {(fired is { } at ? $"{(at - stop).TotalSeconds:F1} s" : "?")} after the stop); "
                    + $"pages before the stop: {(quietPages.Count == 0 ? "none" : string.Join("; ", quietPages))}");
            }
            catch (TimeoutException ex)
            {
                await output.WriteLineAsync($"trial {trial}: no page ({ex.Message})");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        if (measured.Count > 0)
        {
            var sorted = measured.Order().ToList();
            var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
            await output.WriteLineAsync($"median stop to page {median.TotalSeconds:F1} s over {measured.Count} trial(s); limit {limit.TotalSeconds:F1} s; ratio {median / limit:F2}");
        }

        return measured.Count == trials ? 0 : 1;
    }
}
