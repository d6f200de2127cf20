using System.Globalization;

namespace KpiMonitoring.Stack;

/// <summary>
/// Follows the sinks of a running stack: each new notification becomes one console line and a file under
/// WORKDIR/notifications/ (slack.jsonl, pagerduty.jsonl, heartbeat.jsonl, email/NNN.eml), and the daily summary's
/// Slack text also to summary.txt.
/// </summary>
internal sealed class NotificationLog
{
    /// <summary>How the daily summary's title begins (DailySummary's title annotation, rules/summary.rules.yml).</summary>
    public const string SummaryTitle = "Daily summary ";

    private readonly LocalStack _stack;
    private readonly TextWriter _console;
    private readonly string _dir;
    private int _slack;
    private int _pagerDuty;
    private int _email;
    private int _heartbeats;

    public NotificationLog(LocalStack stack, string workDirectory, TextWriter console)
    {
        _stack = stack;
        _console = console;
        _dir = Path.Combine(workDirectory, "notifications");
        System.IO.Directory.CreateDirectory(Path.Combine(_dir, "email"));
    }

    public string Folder => _dir;

    /// <summary>Writes what arrived since the last call.</summary>
    public async Task FlushAsync()
    {
        var slack = _stack.Slack.Messages.Snapshot();
        foreach (var message in slack.Skip(_slack))
        {
            await LineAsync("Slack", (message.Attachments.Count > 0 ? message.Attachment.Title : null) ?? message.Request.Body);
            await File.AppendAllTextAsync(Path.Combine(_dir, "slack.jsonl"), Flatten(message.Request.Body) + "\n");
            if (message.Attachments.Count > 0 && message.Attachment.Title is { } title && title.StartsWith(SummaryTitle, StringComparison.Ordinal))
            {
                // The daily summary is several lines long: readable as it is in summary.txt (the email has it as HTML).
                await File.AppendAllTextAsync(Path.Combine(_dir, "summary.txt"), $"{title}\n{message.Attachment.Text}\n\n");
            }
        }

        _slack = slack.Count;

        var pagerDuty = _stack.PagerDuty.Messages.Snapshot();
        foreach (var e in pagerDuty.Skip(_pagerDuty))
        {
            await LineAsync("PagerDuty", $"{e.EventAction} {e.Severity}: {e.Summary}");
            await File.AppendAllTextAsync(Path.Combine(_dir, "pagerduty.jsonl"), Flatten(e.Request.Body) + "\n");
        }

        _pagerDuty = pagerDuty.Count;

        var email = _stack.Smtp.Messages.Snapshot();
        foreach (var message in email.Skip(_email))
        {
            _email++;
            await LineAsync("Email", $"to {string.Join(", ", message.RcptTo)}: {message.Subject}");
            await File.WriteAllTextAsync(Path.Combine(_dir, "email", _email.ToString("000", CultureInfo.InvariantCulture) + ".eml"), message.Data);
        }

        var heartbeats = _stack.Heartbeat.Messages.Snapshot();
        foreach (var request in heartbeats.Skip(_heartbeats))
        {
            await File.AppendAllTextAsync(Path.Combine(_dir, "heartbeat.jsonl"), Flatten(request.Body) + "\n");
            if (_heartbeats == 0)
            {
                await LineAsync("Heartbeat", "Watchdog is alive (further heartbeats go to heartbeat.jsonl only)");
            }

            _heartbeats++;
        }
    }

    private Task LineAsync(string sink, string text) =>
        _console.WriteLineAsync($"{DateTimeOffset.Now:HH:mm:ss}  {sink,-9}  {text}");

    private static string Flatten(string body) => body.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
