namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// Whole-stack runs that wait for something scheduled (the daily summary, the demo's deadlines) rather than time a
/// page against a budget. They run one after the other,
/// but beside the other collections of this assembly (at most two at once on the build machine's two cores), unlike
/// <see cref="ReplayedStacks"/>, whose page-time budgets need the machine to themselves.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ScheduledReplays
{
    public const string Name = "Scheduled replays";
}
