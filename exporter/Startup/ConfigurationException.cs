namespace KpiExporter.Startup;

/// <summary>The configuration cannot work: each failure names the key, the value and the reason.</summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<string> failures, Exception innerException)
        : base(string.Join("; ", failures), innerException)
    {
        Failures = failures;
    }

    public ConfigurationException()
    {
        Failures = [];
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Failures = [message];
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [message];
    }

    public IReadOnlyList<string> Failures { get; }
}
