using System.Text.RegularExpressions;
using KpiMonitoring.Stack.Tests.FullStack;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// An outage that goes from a zero hour to a near-zero hour is one incident, end to end: the real exporter
/// replays held_out.csv (a made-up day, not one the thresholds were chosen on: 15h has 0 checkouts against 41
/// expected, 16h has 3 against 40, 17h is back to 38 against 34.5), the real Prometheus judges it with rules/, and
/// the real Alertmanager with the shipped routing (timers 60 times faster) delivers to the capture receivers.
/// PagerDuty must see one trigger during 15h and one resolve after 17h began, nothing in between, and no P2.
/// </summary>
[Collection(ReplayedStacks.Name)]
public sealed partial class IncidentContinuityTests(IncidentContinuityTests.Run run) : IClassFixture<IncidentContinuityTests.Run>
{
    private const string Dataset = "held_out";

    [Fact]
    public void Zero_hour_then_near_zero_hour_is_one_pagerduty_incident_resolved_when_checkouts_come_back()
    {
        var events = run.PagerDuty.Where(e => e.Event.Detail("dataset") == Dataset).ToList();

        events.Select(e => e.Event.EventAction).ShouldBe(["trigger", "resolve"], run.Diagnostics);
        events[1].Event.DedupKey.ShouldBe(events[0].Event.DedupKey, "the resolve closes the incident the trigger opened");
        // The hour is seen by polling /metrics; on a loaded machine that can lag the page by a moment.
        events[0].ReceivedAt.ShouldBeGreaterThan(run.Hour15Start - TimeSpan.FromSeconds(1));
        events[0].ReceivedAt.ShouldBeLessThan(run.Hour16Start, "the page goes out during the zero hour");
        events[1].ReceivedAt.ShouldBeGreaterThan(run.Hour17Start, "the near-zero hour 16 keeps the incident open");
    }

    [Fact]
    public void First_lines_carry_the_numbers_of_the_first_and_of_the_last_bad_hour()
    {
        var events = run.PagerDuty.Where(e => e.Event.Detail("dataset") == Dataset).Select(e => e.Event).ToList();

        events.ShouldNotBeEmpty(run.Diagnostics);
        events[0].Summary.ShouldBe("P1 held_out: 0 checkouts in 15h, 41.0 expected (CheckoutZeroTransactions)");
        ResolvedAfterSeconds().IsMatch(events[^1].Summary ?? string.Empty).ShouldBeTrue(events[^1].Summary);
        events[^1].Summary!.ShouldEndWith(", was P1 held_out: 3 checkouts in 16h, 40.0 expected (CheckoutZeroTransactions)");
    }

    [Fact]
    public void Slack_and_email_get_one_firing_and_one_resolved_message_and_no_P2()
    {
        var slack = run.Slack.Where(m => m.Attachment.Title?.Contains(Dataset + ":", StringComparison.Ordinal) == true).Select(m => m.Attachment.Title!).ToList();
        var email = run.Email.Where(m => m.Subject.Contains(Dataset + ":", StringComparison.Ordinal)).Select(m => m.Subject).ToList();

        slack.Count.ShouldBe(2, string.Join(Environment.NewLine, slack));
        slack[0].ShouldStartWith("P1 held_out: 0 checkouts in 15h");
        slack[1].ShouldStartWith("RESOLVED after ");
        email.Count.ShouldBe(2, string.Join(Environment.NewLine, email));
        slack.Concat(email).ShouldAllBe(line => line.EndsWith("(CheckoutZeroTransactions)", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^RESOLVED after [0-9]+s, was P1 ")]
    private static partial Regex ResolvedAfterSeconds();

    /// <summary>One replay of held_out.csv from 12h at 3 s per hour, until 17h has been judged and resolved.</summary>
    public sealed class Run : IAsyncLifetime
    {
        private const double SecondsPerHour = 3;

        private LocalStack? _stack;

        public IReadOnlyList<(PagerDutyEvent Event, DateTimeOffset ReceivedAt)> PagerDuty { get; private set; } = [];

        public IReadOnlyList<SlackMessage> Slack { get; private set; } = [];

        public IReadOnlyList<SmtpMessage> Email { get; private set; } = [];

        public DateTimeOffset Hour15Start { get; private set; }

        public DateTimeOffset Hour16Start { get; private set; }

        public DateTimeOffset Hour17Start { get; private set; }

        public string Diagnostics { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            _stack = await LocalStack.StartAsync(
                new StackOptions
                {
                    WorkDirectory = Directory.CreateTempSubdirectory("kpi-continuity-").FullName,
                    DataFiles = [RepoPaths.File("tests", "Stack.Tests", "Alertmanager", Dataset + ".csv")],
                    SecondsPerHour = SecondsPerHour,
                    StartHour = 12,
                    ScrapeInterval = TimeSpan.FromMilliseconds(500),
                    EvaluationInterval = TimeSpan.FromMilliseconds(500),
                    RouteTimerDivisor = AlertmanagerConfig.TimerDivisor,
                    Database = false,
                },
                TextWriter.Null);
            // The hours as the exporter judges them (its kpi_checkout_judged_hour on /metrics).
            var timeout = TimeSpan.FromSeconds((24 * SecondsPerHour) + 30);
            Hour15Start = await _stack.JudgedHour.EnteredAsync(15, _stack.ExporterStarted, timeout);
            Hour16Start = await _stack.JudgedHour.EnteredAsync(16, Hour15Start, timeout);
            Hour17Start = await _stack.JudgedHour.EnteredAsync(17, Hour16Start, timeout);

            // Until well into 18h: the resolve leaves at the first P1 group_interval tick (1 s here) after 17h is judged.
            await _stack.JudgedHour.EnteredAsync(18, Hour17Start, timeout);
            await Task.Delay(TimeSpan.FromSeconds(2));

            PagerDuty = [.. _stack.PagerDuty.Messages.Snapshot().Select(e => (e, e.Request.ReceivedAt))];
            Slack = _stack.Slack.Messages.Snapshot();
            Email = _stack.Smtp.Messages.Snapshot();
            Diagnostics = $"prometheus:{Environment.NewLine}{_stack.Prometheus.Output}{Environment.NewLine}alertmanager:{Environment.NewLine}{_stack.Alertmanager.Output}";
        }

        public async Task DisposeAsync()
        {
            if (_stack is not null)
            {
                await _stack.DisposeAsync();
            }
        }
    }
}
