using System.Globalization;
using System.Text.RegularExpressions;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack;

/// <summary>The moment the exporter's judged hour was first seen at a value.</summary>
internal sealed record JudgedHourEntry(int Hour, DateTimeOffset At)
{
    public override string ToString() => $"hour {Hour:00} at {At:HH:mm:ss.fff}";
}

/// <summary>
/// Follows the hour the exporter judges, as it exports it (<c>kpi_checkout_judged_hour</c> on /metrics), so the
/// stack and its tests never compute the replay hour themselves. Polls until disposed and records each change.
/// </summary>
internal sealed class JudgedHourWatch : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly Regex _series;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    private JudgedHourWatch(Uri exporter, string dataset, TimeSpan interval)
    {
        _client = new HttpClient { BaseAddress = exporter, Timeout = TimeSpan.FromSeconds(5) };
        _series = new Regex(
            $"^kpi_checkout_judged_hour\\{{dataset=\"{Regex.Escape(dataset)}\"\\}} (?<hour>[0-9]+)$",
            RegexOptions.Multiline | RegexOptions.CultureInvariant);
        _interval = interval;
        _polling = PollAsync();
    }

    /// <summary>Each change of the judged hour, in order, stamped with when it was first seen.</summary>
    public CaptureLog<JudgedHourEntry> Entries { get; } = new();

    /// <summary>The judged hour last seen, or null before the first scrape that had it.</summary>
    public int? Hour => Entries.Snapshot() is [.., var last] ? last.Hour : null;

    /// <summary>Follows <paramref name="dataset"/>'s judged hour on the exporter at <paramref name="exporter"/>, scraping every <paramref name="interval"/>.</summary>
    public static JudgedHourWatch Start(Uri exporter, string dataset, TimeSpan interval) => new(exporter, dataset, interval);

    /// <summary>Waits until the judged hour becomes <paramref name="hour"/> later than <paramref name="after"/>; returns when that was first seen.</summary>
    public async Task<DateTimeOffset> EnteredAsync(int hour, DateTimeOffset after, TimeSpan timeout)
    {
        var entries = await Entries.WaitForAsync(
            seen => seen.Any(entry => entry.Hour == hour && entry.At > after),
            timeout,
            $"the exporter to judge hour {hour:00} after {after:HH:mm:ss.fff}");
        return entries.First(entry => entry.Hour == hour && entry.At > after).At;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        int? last = null;
        do
        {
            try
            {
                var text = await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative), _stop.Token);
                var at = DateTimeOffset.UtcNow;
                var match = _series.Match(text);
                if (match.Success && int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture) is var hour && hour != last)
                {
                    last = hour;
                    Entries.Add(new JudgedHourEntry(hour, at));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
            {
                // The exporter is starting or stopping; the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }
}
