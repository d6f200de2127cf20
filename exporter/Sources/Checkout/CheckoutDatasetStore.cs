using System.Collections.Concurrent;

namespace KpiExporter.Sources.Checkout;

/// <summary>The checkout source's snapshot: the latest good (immutable) day of every dataset; loads replace it, scrapes read it.</summary>
internal sealed class CheckoutDatasetStore
{
    private readonly ConcurrentDictionary<string, CheckoutDataset> _datasets = new(StringComparer.Ordinal);

    public CheckoutDataset? Get(string name) => _datasets.GetValueOrDefault(name);

    public ICollection<CheckoutDataset> All => _datasets.Values;

    /// <summary>Dataset files in the directory that are not loaded because <c>Checkout:MaxDatasets</c> is reached.</summary>
    public int FilesOverLimit { get; set; }

    public void Set(CheckoutDataset dataset) => _datasets[dataset.Name] = dataset;

    public void Remove(string name) => _datasets.TryRemove(name, out _);
}
