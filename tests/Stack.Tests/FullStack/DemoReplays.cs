namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// The demo's own replay (its deadlines and daily summary, read from its notification log): a collection of its
/// own, so it runs beside the daily-summary replays of <see cref="ScheduledReplays"/> instead of after them. Like
/// those it waits for scheduled notifications and times no page against a budget.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoReplays
{
    public const string Name = "Demo replays";
}
