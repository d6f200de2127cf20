using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// infrastructure/alertmanager/examples/team-routing.yml, merged into the shipped configuration as its README says:
/// an alert of a check labelled team="payments" reaches the team's receiver and still its severity's.
/// </summary>
public sealed class TeamRoutingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("P1", "payments-team-slack,p1-pagerduty-slack-email")]
    [InlineData("P2", "payments-team-slack,p2-slack-email")]
    [InlineData("P3", "payments-team-slack,p3-slack")]
    public async Task A_payments_team_alert_reaches_the_teams_receiver_and_its_severitys(string severity, string receivers)
    {
        var config = await MergedAsync();

        var result = await Amtool.RoutesTestAsync(config, ["alertname=RevenueStopped", $"severity={severity}", "database=payments", "table=transactions", "team=payments"], receivers);

        result.ExitCode.ShouldBe(0, $"routed to '{result.Stdout.Trim()}':{Environment.NewLine}{result.Output}");
    }

    [Fact]
    public async Task Another_teams_alert_does_not_reach_the_payments_team()
    {
        var config = await MergedAsync();

        var result = await Amtool.RoutesTestAsync(config, ["alertname=RevenueStopped", "severity=P1", "database=orders", "table=transactions", "team=orders"], "p1-pagerduty-slack-email");

        result.ExitCode.ShouldBe(0, $"routed to '{result.Stdout.Trim()}':{Environment.NewLine}{result.Output}");
    }

    /// <summary>The shipped configuration with the example's route first under route.routes and its receiver added; amtool accepts it.</summary>
    private async Task<string> MergedAsync()
    {
        var example = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Alertmanager, "examples", "team-routing.yml"));
        var shipped = await File.ReadAllTextAsync(AlertmanagerConfig.ShippedFile);
        var merged = shipped
            .Replace("\n  routes:\n", "\n  routes:\n" + Block(example, "  routes:"), StringComparison.Ordinal)
            .Replace("\nreceivers:\n", "\nreceivers:\n" + Block(example, "receivers:"), StringComparison.Ordinal);
        merged.ShouldNotBe(shipped);
        var file = _dir.Write("alertmanager.yml", merged);
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "templates"), Path.Combine(RepoPaths.Alertmanager, "templates"));
        var check = await Amtool.CheckConfigAsync(file);
        check.ExitCode.ShouldBe(0, check.Output);
        return file;
    }

    /// <summary>The example's lines under <paramref name="header"/> up to the next line indented no deeper than it.</summary>
    private static string Block(string[] lines, string header)
    {
        var start = Array.IndexOf(lines, header);
        start.ShouldBeGreaterThanOrEqualTo(0, $"the example has no '{header}'");
        var indent = header.Length - header.TrimStart().Length;
        var block = lines.Skip(start + 1)
            .TakeWhile(l => l.Length == 0 || l.Length - l.TrimStart().Length > indent)
            .Where(l => l.Length > 0);
        return string.Join('\n', block) + "\n";
    }
}
