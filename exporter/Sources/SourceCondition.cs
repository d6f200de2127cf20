namespace KpiExporter.Sources;

/// <summary>
/// What a source that loads fine says about its data at this moment: <c>STALE</c> (not updated within its maximum
/// age), <c>INCOMPLETE</c> (rows missing for hours that should be there), or for a deadline <c>AT RISK</c> / <c>MISSED</c>
/// (the day's data has not come within the warning lead / by the deadline), with the figures that show it.
/// </summary>
internal sealed record SourceCondition(string Kind, string Source, string State, string Detail)
{
    public const string Stale = "STALE";
    public const string Incomplete = "INCOMPLETE";
    public const string AtRisk = "AT RISK";
    public const string Missed = "MISSED";
}
