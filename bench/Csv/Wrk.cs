using System.Globalization;
using System.Text.RegularExpressions;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// <c>wrk</c>: requests per second with 1 thread and 4 connections (the throughput yardstick), and the median
/// latency of back-to-back scrapes on one connection (the scrape time with the least client cost: wrk is C and
/// does not copy the body, where the .NET client's own reading is part of what it times).
/// </summary>
internal static partial class Wrk
{
    public const string Binary = "wrk";

    public static async Task<double> RequestsPerSecondAsync(Uri url, TimeSpan duration, bool gzip = false)
    {
        var stdout = await RunAsync(url, duration, ["-c4", .. gzip ? ["-H", "Accept-Encoding: gzip"] : Array.Empty<string>()], TimeSpan.FromSeconds(30));
        var match = RequestsPerSecond().Match(stdout);
        if (!match.Success || stdout.Contains("Socket errors", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wrk on {url} failed: {stdout}");
        }

        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Median latency in milliseconds of <c>wrk -t1 -c1 --latency</c>, or null when no request finished.</summary>
    public static async Task<double?> MedianLatencyAsync(Uri url, TimeSpan duration)
    {
        var stdout = await RunAsync(url, duration, ["-c1", "--latency", "--timeout", "30s"], TimeSpan.FromSeconds(60));
        var match = MedianLatency().Match(stdout);
        if (!match.Success || stdout.Contains(" 0 requests in", StringComparison.Ordinal))
        {
            return null;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            var unit => throw new InvalidOperationException($"wrk latency unit '{unit}' in: {stdout}"),
        };
    }

    /// <summary>
    /// <c>wrk -t1 -d{duration}</c> with <paramref name="options"/> on <paramref name="url"/>; its standard output, or
    /// an exception when it failed or a response was not 2xx.
    /// </summary>
    private static async Task<string> RunAsync(Uri url, TimeSpan duration, string[] options, TimeSpan grace)
    {
        var seconds = ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var result = await Command.RunAsync(Binary, ["-t1", $"-d{seconds}s", .. options, url.ToString()], timeout: duration + grace);
        if (result.ExitCode != 0 || result.Stdout.Contains("Non-2xx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wrk on {url} failed: {result.Output}");
        }

        return result.Stdout;
    }

    [GeneratedRegex(@"^\s+50%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex MedianLatency();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
