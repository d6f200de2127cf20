using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// What `make demo` shows of deadlines and the summary, in about a minute and a half instead of five: the demo's own options
/// (its settings file, the report's deadline and the summary on the run's clock) with the offsets and the route
/// timers scaled down, read through the demo's notification log. The report's deadline is at risk, then missed,
/// then resolved when the feeder loads the table; one summary reaches Slack and email and lists it as met late.
/// </summary>
[Collection(ScheduledReplays.Name)]
public sealed class DemoNotificationLogTests
{
    private const string Deadline = "morning_report_demo";

    [Fact]
    public async Task The_log_shows_the_deadline_at_risk_then_missed_then_resolved_and_one_summary()
    {
        var work = Directory.CreateTempSubdirectory("kpi-demo-log-").FullName;
        await using var stack = await LocalStack.StartAsync(
            new StackOptions
            {
                WorkDirectory = work,
                DataFiles = [RepoPaths.DataFile("checkout_2.csv")],
                SecondsPerHour = 2,
                StartHour = 12,
                ScrapeInterval = TimeSpan.FromMilliseconds(500),
                EvaluationInterval = TimeSpan.FromMilliseconds(500),

                // The shipped timers 10 times faster: P2 group_wait 6 s (inside the 20 s at risk), P1 group_interval 6 s.
                RouteTimerDivisor = 10,
                BackfillDays = 1,
                DatabaseIntervalSeconds = 1,
                ExporterSettings = Path.Combine(RepoPaths.Root, "tools", "Stack", "demo-settings.json"),
                ReportLanding = new ReportLandingSettings
                {
                    WarningAfter = TimeSpan.FromSeconds(15),
                    DueAfter = TimeSpan.FromSeconds(35),
                    LandsAfter = TimeSpan.FromSeconds(50),
                },
                SummaryAfter = TimeSpan.FromSeconds(70),
            },
            TextWriter.Null);
        using var console = new StringWriter();
        var log = new NotificationLog(stack, work, console);

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(150);
        while (DateTimeOffset.UtcNow < deadline && !SummaryArrived())
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await log.FlushAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        await log.FlushAsync();
        var landed = await stack.ReportLanding!.Landed;
        landed.ExitCode.ShouldBe(0, landed.Output);

        var lines = console.ToString().Split('\n').Where(line => line.Contains(Deadline, StringComparison.Ordinal) && line.Contains("  Slack ", StringComparison.Ordinal)).ToList();
        var diagnostics = $"{console}{Environment.NewLine}{stack.Diagnostics()}";
        var atRisk = lines.FindIndex(line => line.Contains($"P2 {Deadline}: morning_report not in yet", StringComparison.Ordinal));
        var missed = lines.FindIndex(line => line.Contains($"P1 {Deadline}: morning_report missed its deadline", StringComparison.Ordinal));
        var resolved = lines.FindIndex(line => line.Contains("RESOLVED after", StringComparison.Ordinal) && line.Contains("(DeadlineMissed)", StringComparison.Ordinal));
        atRisk.ShouldBeGreaterThanOrEqualTo(0, diagnostics);
        missed.ShouldBeGreaterThan(atRisk, diagnostics);
        resolved.ShouldBeGreaterThan(missed, diagnostics);

        var summaries = console.ToString().Split('\n').Where(line => line.Contains(NotificationLog.SummaryTitle, StringComparison.Ordinal)).ToList();
        summaries.Count(line => line.Contains("  Slack ", StringComparison.Ordinal)).ShouldBe(1, diagnostics);
        summaries.Count(line => line.Contains("  Email ", StringComparison.Ordinal)).ShouldBe(1, diagnostics);
        summaries.ShouldNotContain(line => line.Contains("PagerDuty", StringComparison.Ordinal));
        var summary = await File.ReadAllTextAsync(Path.Combine(log.Folder, "summary.txt"));
        summary.ShouldContain($"{Deadline} (morning_report): in at ");
        summary.ShouldContain("checkout_2 15h P1 CheckoutZeroTransactions");

        bool SummaryArrived() =>
            stack.Slack.Messages.Snapshot().Any(m => m.Attachments.Count > 0 && m.Attachment.Title?.StartsWith(NotificationLog.SummaryTitle, StringComparison.Ordinal) == true)
            && stack.Smtp.Messages.Snapshot().Any(m => m.Subject.StartsWith(NotificationLog.SummaryTitle, StringComparison.Ordinal));
    }
}
