namespace KpiExporter.Sources.Deadlines;

/// <summary>Where a deadline stands at one moment.</summary>
internal enum DeadlineState
{
    /// <summary>It does not apply today (a weekday deadline on a weekend): the next occurrence is shown.</summary>
    NotToday,

    /// <summary>Today's data has not come, and the warning time has not been reached.</summary>
    Pending,

    /// <summary>Today's data has not come, and the deadline is within its warning lead.</summary>
    AtRisk,

    /// <summary>The deadline has passed without today's data.</summary>
    Missed,

    /// <summary>Today's data came in time.</summary>
    Met,

    /// <summary>Today's data came, but after the deadline.</summary>
    MetLate,
}
