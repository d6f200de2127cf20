using KpiExporter.Configuration;

namespace KpiExporter.Sources.Deadlines;

/// <summary>
/// One deadline at one moment: what it watches, today's (or the next) occurrence, and when it was met. A table's
/// deadline also carries its check's <c>database</c> and static labels (<see cref="LabelNames"/>), so its alerts route
/// with the check's other alerts; a checkout file's carries none.
/// </summary>
internal sealed record DeadlineStatus(string Name, string Kind, string Source, DeadlineOccurrence Occurrence, DateTimeOffset? MetAt, DeadlineState State)
{
    /// <summary>Labels every series of the deadline carries before its own (<c>database</c>, then static labels).</summary>
    public IReadOnlyList<string> LabelNames { get; init; } = [];

    /// <inheritdoc cref="LabelNames"/>
    public IReadOnlyList<string> LabelValues { get; init; } = [];

    public static DeadlineStatus At(string name, string kind, string source, DeadlineOccurrence occurrence, DateTimeOffset? metAt, DateTimeOffset now) =>
        new(name, kind, source, occurrence, metAt, StateAt(occurrence, metAt, now));

    private static DeadlineState StateAt(DeadlineOccurrence occurrence, DateTimeOffset? metAt, DateTimeOffset now) =>
        (occurrence.IsToday, metAt) switch
        {
            (false, _) => DeadlineState.NotToday,
            (true, { } met) => met <= occurrence.Due ? DeadlineState.Met : DeadlineState.MetLate,
            _ when now >= occurrence.Due => DeadlineState.Missed,
            _ when now >= occurrence.Warning => DeadlineState.AtRisk,
            _ => DeadlineState.Pending,
        };
}
