using System.Collections.Concurrent;

namespace KpiExporter.Sources.Checkout;

/// <summary>The latest good data of every dataset; loads write it, scrapes read it.</summary>
internal sealed class CheckoutDatasetStore
{
    private readonly ConcurrentDictionary<string, CheckoutDataset> _datasets = new(StringComparer.Ordinal);

    /// <summary>Raised after a dataset is stored (old value, new value) or removed (old value, null).</summary>
    public event Action<CheckoutDataset?, CheckoutDataset?>? Changed;

    public CheckoutDataset? Get(string name) => _datasets.GetValueOrDefault(name);

    public ICollection<CheckoutDataset> All => _datasets.Values;

    public void Set(CheckoutDataset dataset)
    {
        CheckoutDataset? old = null;
        _datasets.AddOrUpdate(dataset.Name, dataset, (_, previous) =>
        {
            old = previous;
            return dataset;
        });
        Changed?.Invoke(old, dataset);
    }

    public void Remove(string name)
    {
        if (_datasets.TryRemove(name, out var old))
        {
            Changed?.Invoke(old, null);
        }
    }
}
