namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// The HA runs (two Prometheus replicas, two clustered Alertmanagers each): one after the other, since each starts
/// five servers and the exporter, but beside the other collections of this assembly. They count notifications
/// (exactly one per receiver) rather than time a page against a budget.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HighAvailabilityStacks
{
    public const string Name = "High-availability stacks";
}
