namespace KpiExporter.Sources.Checkout;

/// <summary>The last good data of one dataset file; <paramref name="Partial"/> when its last row is the hour still running at the file's time.</summary>
internal sealed record CheckoutDataset(string Name, string Path, CheckoutDay Day, DateTimeOffset FileModified, DateTimeOffset LoadedAt, PartialHour? Partial = null);
