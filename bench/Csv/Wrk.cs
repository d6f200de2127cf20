using System.Globalization;
using System.Text.RegularExpressions;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Bench.Csv;

/// <summary>Requests per second from <c>wrk</c> (1 thread, 4 connections): the issue's throughput yardstick.</summary>
internal static partial class Wrk
{
    public const string Binary = "wrk";

    public static async Task<double> RequestsPerSecondAsync(Uri url, TimeSpan duration, bool gzip = false)
    {
        var seconds = ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        string[] arguments = ["-t1", "-c4", $"-d{seconds}s", .. gzip ? ["-H", "Accept-Encoding: gzip"] : Array.Empty<string>(), url.ToString()];
        var result = await Command.RunAsync(Binary, arguments, timeout: duration + TimeSpan.FromSeconds(30));
        var match = RequestsPerSecond().Match(result.Stdout);
        if (result.ExitCode != 0 || !match.Success || result.Stdout.Contains("Non-2xx", StringComparison.Ordinal) || result.Stdout.Contains("Socket errors", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wrk on {url} failed: {result.Output}");
        }

        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
