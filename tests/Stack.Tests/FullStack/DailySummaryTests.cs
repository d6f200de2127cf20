using System.Globalization;
using System.Text.RegularExpressions;
using KpiMonitoring.LocalServers;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// The daily summary through the whole stack: the exporter replaying checkout_2 with its database checks, the
/// summary due 30 s after its start, Prometheus with rules/, Alertmanager with the shipped routing and the capture
/// receivers. Whatever restarts around the send time (Alertmanager with its storage kept, or Prometheus with its
/// TSDB), Slack and email each get exactly one summary, PagerDuty none, and it carries the CSV's figures.
/// </summary>
[Collection(ScheduledReplays.Name)]
public sealed partial class DailySummaryTests
{
    private const string Dataset = "checkout_2";
    private const double SecondsPerHour = 2;
    private static readonly TimeSpan SummaryAfter = TimeSpan.FromSeconds(40);

    /// <summary>
    /// Prometheus re-sends the firing summary this often: half the stack's default, which shortens the waits below
    /// (each is a number of resends) without changing what they show.
    /// </summary>
    private static readonly TimeSpan ResendDelay = TimeSpan.FromSeconds(5);

    /// <summary>Two of Prometheus' resends and the summary route's group_wait (30 s / 10): time for a duplicate to show.</summary>
    private static readonly TimeSpan Quiet = (2 * ResendDelay) + TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Alertmanager_down_at_the_send_time_and_restarted_after_it_sends_it_once_per_channel()
    {
        await using var stack = await StartAsync();
        var sendAt = stack.SummaryAt!.Value;

        // Down at the send time: the summary must not be skipped.
        await DelayUntilAsync(sendAt - TimeSpan.FromSeconds(3));
        await stack.Alertmanager.StopAsync();
        await DelayUntilAsync(sendAt + TimeSpan.FromSeconds(5));
        await stack.Alertmanager.RestartAsync();
        await WaitForSummaryAsync(stack);

        // Restarted after sending, storage kept: its notification log must stop a second one.
        await stack.Alertmanager.StopAsync();
        await stack.Alertmanager.RestartAsync();
        await Task.Delay(Quiet);

        (await stack.Alertmanager.GetAlertsAsync()).ShouldContain(a => a.Labels["alertname"] == "DailySummary", "Prometheus sent the summary to the restarted Alertmanager again");
        AssertOnePerChannelWithTheFigures(stack, sendAt);
    }

    [Fact]
    public async Task Prometheus_down_at_the_send_time_and_restarted_after_it_sends_it_once_per_channel()
    {
        await using var stack = await StartAsync();
        var sendAt = stack.SummaryAt!.Value;

        // Down at the send time: the alert fires when it is back, with the hours recorded before the stop.
        await DelayUntilAsync(sendAt - TimeSpan.FromSeconds(3));
        await stack.Prometheus.StopAsync();
        await DelayUntilAsync(sendAt + TimeSpan.FromSeconds(5));
        await stack.Prometheus.RestartAsync();
        await WaitForSummaryAsync(stack);

        // Down again for longer than the alert's endsAt (4 resend delays): Alertmanager sees it end, then fire again.
        await stack.Prometheus.StopAsync();
        await Task.Delay((4 * ResendDelay) + TimeSpan.FromSeconds(8));
        (await stack.Alertmanager.GetAlertsAsync()).ShouldNotContain(a => a.Labels["alertname"] == "DailySummary", "the summary ended in Alertmanager while Prometheus was down");
        await stack.Prometheus.RestartAsync();
        await Task.Delay(Quiet);

        (await stack.Alertmanager.GetAlertsAsync()).ShouldContain(a => a.Labels["alertname"] == "DailySummary", "Prometheus fired the summary again after its restart");
        AssertOnePerChannelWithTheFigures(stack, sendAt);
    }

    private static async Task<LocalStack> StartAsync()
    {
        // "Today" starts at midnight UTC: a run across it would report on a day that began moments ago.
        var now = DateTimeOffset.UtcNow;
        if (now.TimeOfDay > TimeSpan.FromMinutes((24 * 60) - 5))
        {
            await Task.Delay(now.Date.AddDays(1) + TimeSpan.FromSeconds(5) - now.UtcDateTime);
        }

        var stack = await LocalStack.StartAsync(
            new StackOptions
            {
                WorkDirectory = Directory.CreateTempSubdirectory("kpi-summary-").FullName,
                DataFiles = [RepoPaths.DataFile($"{Dataset}.csv")],

                // Hours 15 to 17 are judged 18 to 24 s after the exporter's start, once Prometheus runs (it starts
                // after the exporter, slowly on a loaded machine), and well before the summary at 40 s.
                SecondsPerHour = SecondsPerHour,
                StartHour = 6,
                ScrapeInterval = TimeSpan.FromMilliseconds(500),
                EvaluationInterval = TimeSpan.FromMilliseconds(500),
                RouteTimerDivisor = 10,
                AlertResendDelay = ResendDelay,
                BackfillDays = 8,
                FeederScale = 20,
                DatabaseIntervalSeconds = 1,
                SummaryAfter = SummaryAfter,
                SummaryActive = TimeSpan.FromMinutes(5),
            },
            TextWriter.Null);

        try
        {
            // Every hour that alerts must be judged while Prometheus runs, and over before the first restart step.
            var ready = DateTimeOffset.UtcNow;
            var hour15 = await stack.JudgedHour.EnteredAsync(15, ready, SummaryAfter);
            var hour18 = await stack.JudgedHour.EnteredAsync(18, hour15, SummaryAfter);
            hour18.ShouldBeLessThan(stack.SummaryAt!.Value - TimeSpan.FromSeconds(4), $"the replay reached 18h at {hour18:HH:mm:ss.fff}, too close to the summary at {stack.SummaryAt:HH:mm:ss.fff}");
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private static async Task DelayUntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        wait.ShouldBeGreaterThan(TimeSpan.Zero, $"the stack started too late for a step at {at:HH:mm:ss.fff}");
        await Task.Delay(wait);
    }

    private static async Task WaitForSummaryAsync(LocalStack stack)
    {
        var timeout = TimeSpan.FromSeconds(60);
        await stack.Slack.Messages.WaitForAsync(m => m.Any(IsSummary), timeout, "the summary on Slack");
        await stack.Smtp.Messages.WaitForAsync(m => m.Any(e => e.Subject.StartsWith(NotificationLog.SummaryTitle, StringComparison.Ordinal)), timeout, "the summary by email");
    }

    private static bool IsSummary(SlackMessage message) =>
        message.Attachments.Count > 0 && message.Attachment.Title?.StartsWith(NotificationLog.SummaryTitle, StringComparison.Ordinal) == true;

    private static void AssertOnePerChannelWithTheFigures(LocalStack stack, DateTimeOffset sendAt)
    {
        var diagnostics = stack.Diagnostics();
        var slack = stack.Slack.Messages.Snapshot().Where(IsSummary).ToList();
        var email = stack.Smtp.Messages.Snapshot().Where(e => e.Subject.StartsWith(NotificationLog.SummaryTitle, StringComparison.Ordinal)).ToList();
        slack.Count.ShouldBe(1, diagnostics);
        email.Count.ShouldBe(1, diagnostics);
        stack.PagerDuty.Messages.Snapshot().ShouldNotContain(e => e.Class == "DailySummary" || (e.Summary ?? string.Empty).Contains("summary", StringComparison.OrdinalIgnoreCase));

        var day = sendAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var title = $"Daily summary {day}: 427 checkouts, 3 alert hours, 0 deadlines late";
        var text = slack[0].Attachment.Text ?? string.Empty;
        slack[0].Attachment.Title.ShouldBe(title, text);
        email[0].Subject.ShouldBe(title);

        // The file's totals: checkout_2 had 427 checkouts against 526 yesterday.
        var datasetLine = ExpectedDatasetLine();
        datasetLine.ShouldStartWith("checkout_2: 427 checkouts; yesterday 526 (-18.8 %); same day last week 488 (-12.5 %)");
        Section(text, "Checkouts today against their baselines").ShouldBe([datasetLine]);
        Section(text, "Hours the checkout alerts fired").ShouldBe(
        [
            "checkout_2 15h P1 CheckoutZeroTransactions",
            "checkout_2 16h P1 CheckoutZeroTransactions",
            "checkout_2 17h P1 CheckoutZeroTransactions",
        ]);
        Section(text, "Late data (deadlines missed or met late)").ShouldBe(["none"]);

        // Revenue from the database checks: today so far against the same span last week, the growth between them.
        var revenue = Section(text, "Revenue today against the same day last week").ShouldHaveSingleItem();
        var figures = RevenueLine().Match(revenue);
        figures.Success.ShouldBeTrue(revenue);
        var today = double.Parse(figures.Groups["today"].Value, CultureInfo.InvariantCulture);
        var lastWeek = double.Parse(figures.Groups["last_week"].Value, CultureInfo.InvariantCulture);
        today.ShouldBeGreaterThan(0);
        double.Parse(figures.Groups["growth"].Value, CultureInfo.InvariantCulture).ShouldBe(((today / lastWeek) - 1) * 100, 0.06);

        // Email: the same lines, as HTML list items (escaped) and in the text part.
        var html = email[0].HtmlBody ?? string.Empty;
        html.ShouldContain("<li>checkout_2 16h P1 CheckoutZeroTransactions</li>");
        html.ShouldContain($"<li>{datasetLine}</li>");
        (email[0].TextBody ?? string.Empty).ShouldContain(datasetLine);
    }

    /// <summary>The dataset's line as the summary must print it, from the CSV's columns.</summary>
    private static string ExpectedDatasetLine()
    {
        var rows = File.ReadAllLines(RepoPaths.DataFile($"{Dataset}.csv"));
        var header = rows[0].Split(',');
        double Sum(string column) => rows.Skip(1).Where(r => r.Length > 0).Sum(r => double.Parse(r.Split(',')[Array.IndexOf(header, column)], CultureInfo.InvariantCulture));
        var total = Sum("today");
        string Baseline(string column, string name, string format) =>
            $"{name} {Sum(column).ToString(format, CultureInfo.InvariantCulture)} ({(((total / Sum(column)) - 1) * 100).ToString("+0.0;-0.0;+0.0", CultureInfo.InvariantCulture)} %)";
        return $"{Dataset}: {total.ToString("F0", CultureInfo.InvariantCulture)} checkouts; "
            + string.Join("; ", Baseline("yesterday", "yesterday", "F0"), Baseline("same_day_last_week", "same day last week", "F0"), Baseline("avg_last_week", "avg last week", "F1"), Baseline("avg_last_month", "avg last month", "F1"));
    }

    /// <summary>The lines under a section's heading of the Slack text, up to the next heading.</summary>
    private static List<string> Section(string text, string heading) =>
        [.. text.Split('\n').SkipWhile(line => line != $"*{heading}*").Skip(1).TakeWhile(line => !line.StartsWith('*') && !line.StartsWith('<')).Where(line => line.Length > 0)];

    [GeneratedRegex(@"^transactions: (?<today>[0-9]+\.[0-9]{2}) today so far against (?<last_week>[0-9]+\.[0-9]{2}) on the same day last week \((?<growth>[+-][0-9]+\.[0-9]) %\); [0-9]+ sales against [0-9]+$")]
    private static partial Regex RevenueLine();
}
