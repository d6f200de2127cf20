using System.Text;

namespace KpiExporter.Exposition;

/// <summary>
/// A metric's name and label names as the sample lines spell them, encoded once for all the samples of a family in
/// a scrape: <see cref="Open"/> is <c>name{</c> (or <c>name </c> without labels) and each of
/// <see cref="LabelOpens"/> is <c>label="</c>, after a comma from the second on.
/// </summary>
internal sealed class EncodedSeries
{
    private EncodedSeries(byte[] open, byte[][] labelOpens)
    {
        Open = open;
        LabelOpens = labelOpens;
    }

    public byte[] Open { get; }

    public byte[][] LabelOpens { get; }

    public static EncodedSeries Of(string name, IReadOnlyList<string> labelNames) =>
        new(
            Encoding.UTF8.GetBytes(labelNames.Count > 0 ? name + "{" : name + " "),
            labelNames.Select((label, i) => Encoding.UTF8.GetBytes($"{(i > 0 ? "," : "")}{label}=\"")).ToArray());
}
