namespace KpiExporter.Sources.Checkout;

/// <summary>The outcome of parsing one checkout file: a day, or the first problem found.</summary>
internal sealed record CheckoutParseResult(CheckoutDay? Day, LoadError? Error)
{
    public static CheckoutParseResult Ok(CheckoutDay day) => new(day, null);

    public static CheckoutParseResult Fail(string reason, int? line, string message) => new(null, new LoadError(reason, line, message));
}

/// <summary>A rejected load: the error reason label, the 1-based line (if any) and a message for people.</summary>
internal sealed record LoadError(string Reason, int? Line, string Message)
{
    public override string ToString() => Line is { } l ? $"line {l}: {Message}" : Message;
}
