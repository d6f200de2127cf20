namespace KpiExporter.Sources;

/// <summary>
/// What a source that loads fine says about its data at this moment: <c>STALE</c> (not updated within its maximum
/// age) or <c>INCOMPLETE</c> (rows missing for hours that should be there), with the figures that show it.
/// </summary>
internal sealed record SourceCondition(string Kind, string Source, string State, string Detail)
{
    public const string Stale = "STALE";
    public const string Incomplete = "INCOMPLETE";
}
