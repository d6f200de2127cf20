namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// Tests that replay a day through the whole stack (exporter, Prometheus, Alertmanager) and time what reaches the
/// receivers. They run one after the other and not beside the other collections of this assembly: two replays
/// competing for the build machine's two cores would push each other's notifications past their budgets.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplayedStacks
{
    public const string Name = "Replayed stacks";
}
