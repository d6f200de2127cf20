namespace KpiExporter.Sources.Checkout;

/// <summary>Set once the first full scan of the data directory has finished; /readyz reports it.</summary>
internal sealed class CheckoutReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
