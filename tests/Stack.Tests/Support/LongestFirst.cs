using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestCollectionOrderer("KpiMonitoring.Stack.Tests.Support.LongestFirst", "KpiMonitoring.Stack.Tests")]

namespace KpiMonitoring.Stack.Tests.Support;

/// <summary>
/// Starts the collections that take longest first (the scheduled replays, several minutes one after the other, then
/// the long-term storage and high-availability stacks, then the data-quality run), so the short ones fill the
/// other thread beside them instead of a long one starting last and running alone (two at a time on the build
/// machine's two cores; the runs timed against a budget that need the machine to themselves are in
/// <see cref="FullStack.ReplayedStacks"/>, which runs after all of these).
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        FullStack.ScheduledReplays.Name,
        LongTermStorage.LongTermStorageGroup.Name,
        HighAvailability.HighAvailabilityStacks.Name,
        $"Test collection for {typeof(DataQuality.DataQualityIncidentTests).FullName}",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .Select(collection => (Collection: collection, Rank: Array.IndexOf(Longest, collection.DisplayName)))
            .OrderBy(c => c.Rank < 0 ? int.MaxValue : c.Rank)
            .ThenBy(c => c.Collection.DisplayName, StringComparer.Ordinal)
            .Select(c => c.Collection);
}
