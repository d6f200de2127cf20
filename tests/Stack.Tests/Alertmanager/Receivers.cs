namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>The receiver names of infrastructure/alertmanager/alertmanager.yml.</summary>
internal static class Receivers
{
    public const string P1 = "p1-pagerduty-slack-email";
    public const string P2 = "p2-slack-email";
    public const string P3 = "p3-slack";
    public const string Heartbeat = "watchdog-heartbeat";
    public const string Summary = "summary-slack-email";

    /// <summary>Where an alert of <paramref name="severity"/> must go; null for a severity with no route of its own.</summary>
    public static string? ForSeverity(string severity) => severity switch
    {
        "P1" => P1,
        "P2" => P2,
        "P3" => P3,
        "info" => Summary,
        _ => null,
    };
}
