namespace KpiExporter.Web;

/// <summary>A web configuration file that cannot be used; the message names the key (and line) at fault, never a secret.</summary>
internal sealed class WebConfigException : Exception
{
    public WebConfigException(string message)
        : base(message)
    {
    }

    public WebConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public WebConfigException()
    {
    }
}
