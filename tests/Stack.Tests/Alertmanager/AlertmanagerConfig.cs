using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>The shipped Alertmanager configuration and its renderer (infrastructure/alertmanager/render-config.sh).</summary>
internal static class AlertmanagerConfig
{
    /// <summary>Test renderings run the shipped route timers this many times faster: a shipped minute is a second.</summary>
    public const int TimerDivisor = 60;

    public const string SmtpFrom = "kpi-alertmanager@kpi.test";
    public const string SmtpUsername = "kpi-alertmanager-test";
    public const string EmailTo = "kpi-oncall@kpi.test";

    /// <summary>
    /// Test renderings host the docs here rather than at the shipped default, so the tests check that runbook links
    /// follow DOCS_URL, not one host.
    /// </summary>
    public const string DocsUrl = "https://docs.kpi.test/ops/kpi-monitoring/-/blob/main";

    public static string ShippedFile => Path.Combine(RepoPaths.Alertmanager, "alertmanager.yml");

    public static string RenderScript => Path.Combine(RepoPaths.Alertmanager, "render-config.sh");

    /// <summary>
    /// The environment that points the config at loopback capture servers: secrets from
    /// <paramref name="secretsDir"/>, plain SMTP, docs at <see cref="DocsUrl"/>, route timers <see cref="TimerDivisor"/>
    /// times faster.
    /// </summary>
    public static Dictionary<string, string> LoopbackEnvironment(string secretsDir, Uri pagerDutyUrl, string smtpSmarthost, Uri heartbeatUrl) => new()
    {
        ["SECRETS_DIR"] = secretsDir,
        ["PAGERDUTY_URL"] = pagerDutyUrl.ToString(),
        ["SMTP_SMARTHOST"] = smtpSmarthost,
        ["SMTP_REQUIRE_TLS"] = "false",
        ["SMTP_FROM"] = SmtpFrom,
        ["SMTP_AUTH_USERNAME"] = SmtpUsername,
        ["EMAIL_TO"] = EmailTo,
        ["HEARTBEAT_URL"] = heartbeatUrl.ToString(),
        ["DOCS_URL"] = DocsUrl,
        ["ROUTE_TIMER_DIVISOR"] = TimerDivisor.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Runs render-config.sh into <paramref name="outDir"/>; returns the rendered alertmanager.yml.</summary>
    public static async Task<string> RenderAsync(string outDir, IReadOnlyDictionary<string, string> environment, string? script = null)
    {
        var result = await RunRendererAsync(outDir, environment, script);
        result.ExitCode.ShouldBe(0, $"render-config.sh failed:{Environment.NewLine}{result.Output}");
        return Path.Combine(outDir, "alertmanager.yml");
    }

    public static Task<CommandResult> RunRendererAsync(string outDir, IReadOnlyDictionary<string, string> environment, string? script = null) =>
        Command.RunAsync("bash", [script ?? RenderScript, outDir], environment);
}
