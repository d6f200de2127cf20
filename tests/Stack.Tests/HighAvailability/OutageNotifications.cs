using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// What the receivers got about checkout_2's outage (CheckoutZeroTransactions, P1): the PagerDuty triggers and
/// resolves, and the firing Slack messages and emails (their title or subject starts "P1 checkout_2:").
/// </summary>
public sealed record OutageNotifications(
    IReadOnlyList<PagerDutyEvent> Pages,
    IReadOnlyList<PagerDutyEvent> Resolves,
    IReadOnlyList<SlackMessage> Slack,
    IReadOnlyList<SmtpMessage> Email,
    int? JudgedHour)
{
    public const string Dataset = "checkout_2";
    public const string Alert = "CheckoutZeroTransactions";

    /// <summary>Every receiver has the firing notification.</summary>
    public bool Delivered => Pages.Count > 0 && Slack.Count > 0 && Email.Count > 0;

    internal static OutageNotifications Of(LocalStack stack)
    {
        var events = stack.PagerDuty.Messages.Snapshot().Where(e => e.Summary is { } s && s.EndsWith($"({Alert})", StringComparison.Ordinal) && e.Detail("dataset") == Dataset).ToList();
        return new OutageNotifications(
            [.. events.Where(e => e.EventAction == "trigger")],
            [.. events.Where(e => e.EventAction == "resolve")],
            [.. stack.Slack.Messages.Snapshot().Where(m => IsFiring(m.Attachment.Title))],
            [.. stack.Smtp.Messages.Snapshot().Where(m => IsFiring(m.Subject))],
            stack.JudgedHour.Hour);
    }

    /// <summary>Anything at all that reached a receiver and names <paramref name="text"/> (an alert that must stay silent).</summary>
    internal static int Mentioning(LocalStack stack, string text) =>
        stack.PagerDuty.Messages.Snapshot().Count(e => e.Request.Body.Contains(text, StringComparison.Ordinal))
        + stack.Slack.Messages.Snapshot().Count(m => m.Request.Body.Contains(text, StringComparison.Ordinal))
        + stack.Smtp.Messages.Snapshot().Count(m => m.Subject.Contains(text, StringComparison.Ordinal) || (m.TextBody?.Contains(text, StringComparison.Ordinal) ?? false));

    /// <summary>
    /// Exactly one firing notification on each receiver (PagerDuty, Slack, email) and no resolve, taken while the
    /// outage still fired (the exporter judged 15h to 17h), so that a second page was still possible.
    /// </summary>
    public void ShouldBeOnePageDuringTheOutage(string diagnostics)
    {
        JudgedHour.ShouldNotBeNull();
        JudgedHour.Value.ShouldBeInRange(15, 17, "the outage had ended before the check: a second page could no longer come");
        Pages.Count.ShouldBe(1, this + Environment.NewLine + diagnostics);
        Slack.Count.ShouldBe(1, ToString());
        Email.Count.ShouldBe(1, ToString());
        Resolves.ShouldBeEmpty();
    }

    public override string ToString() =>
        $"PagerDuty {Pages.Count} trigger(s) and {Resolves.Count} resolve(s), Slack {Slack.Count}, email {Email.Count} (judged hour {JudgedHour})";

    private static bool IsFiring(string? title) =>
        title is not null && title.StartsWith($"P1 {Dataset}:", StringComparison.Ordinal) && title.EndsWith($"({Alert})", StringComparison.Ordinal);
}
