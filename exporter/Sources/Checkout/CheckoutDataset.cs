namespace KpiExporter.Sources.Checkout;

/// <summary>The last good data of one dataset file.</summary>
internal sealed record CheckoutDataset(string Name, string Path, CheckoutDay Day, DateTimeOffset FileModified, DateTimeOffset LoadedAt);
