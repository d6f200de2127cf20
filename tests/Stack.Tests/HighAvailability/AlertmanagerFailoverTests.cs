using KpiMonitoring.Stack.Tests.FullStack;

namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>The Alertmanager about to page dies during the outage: its peer pages once, and it rejoins without paging again.</summary>
[Collection(HighAvailabilityStacks.Name)]
public sealed class AlertmanagerFailoverTests : IClassFixture<AlertmanagerFailoverRun>
{
    private readonly AlertmanagerFailoverRun _run;

    public AlertmanagerFailoverTests(AlertmanagerFailoverRun run)
    {
        _run = run;
    }

    [Fact]
    public void Killing_the_alertmanager_about_to_page_still_pages_exactly_once()
    {
        // The kill came before the member's group_wait ended, so nothing had gone out: the survivor paged.
        _run.KilledAfterHolding.ShouldBeLessThan(_run.P1GroupWait);
        _run.AtKill.Pages.ShouldBeEmpty(_run.AtKill.ToString());
        _run.AtKill.Slack.ShouldBeEmpty();
        _run.AtKill.Email.ShouldBeEmpty();

        _run.AfterKill.ShouldBeOnePageDuringTheOutage(_run.Diagnostics);
    }

    [Fact]
    public void Killed_alertmanager_rejoining_during_the_outage_pages_no_second_time()
    {
        _run.Rejoined.ShouldAllBe(status => status.Members.Count == 2);
        _run.AfterRejoin.ShouldBeOnePageDuringTheOutage(_run.Diagnostics);
    }
}
