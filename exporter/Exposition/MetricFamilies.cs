namespace KpiExporter.Exposition;

/// <summary>
/// The samples of one scrape grouped by metric family, so that several sources of the same kind (two freshness
/// checks, a thousand datasets) can each add their own samples to a shared family that is written once, with
/// one HELP and TYPE. A declared family is written even with no samples, as a registry would.
/// </summary>
internal sealed class MetricFamilies
{
    private readonly List<(MetricFamily Family, List<(string[] Labels, double Value)> Samples)> _families = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Declares <paramref name="family"/> (once, in first-declared order) without adding a sample.</summary>
    public void Declare(MetricFamily family) => Samples(family);

    /// <summary>Adds one sample; <paramref name="labelValues"/> follow the family's label names.</summary>
    public void Add(MetricFamily family, double value, params string[] labelValues)
    {
        if (labelValues.Length != family.LabelNames.Count)
        {
            throw new ArgumentException($"{family.Name} has {family.LabelNames.Count} labels, {labelValues.Length} values were given", nameof(labelValues));
        }

        Samples(family).Add((labelValues, value));
    }

    /// <summary>Writes every family, in the order they were first declared, samples in the order they were added.</summary>
    public void WriteTo(ExpositionWriter writer)
    {
        foreach (var (family, samples) in _families)
        {
            writer.Header(family.Name, family.Help, family.Type);
            var labelNames = family.LabelNames.ToArray();
            foreach (var (labels, value) in samples)
            {
                writer.Sample(family.Name, labelNames, labels, value);
            }
        }
    }

    private static bool Same(MetricFamily a, MetricFamily b) =>
        ReferenceEquals(a, b) || (a.Help == b.Help && a.Type == b.Type && a.LabelNames.SequenceEqual(b.LabelNames, StringComparer.Ordinal));

    private List<(string[] Labels, double Value)> Samples(MetricFamily family)
    {
        if (_index.TryGetValue(family.Name, out var i))
        {
            var existing = _families[i].Family;
            if (!Same(existing, family))
            {
                throw new InvalidOperationException($"metric family {family.Name} is declared twice with different help, type or labels");
            }

            return _families[i].Samples;
        }

        _index[family.Name] = _families.Count;
        var samples = new List<(string[] Labels, double Value)>();
        _families.Add((family, samples));
        return samples;
    }
}
