namespace KpiExporter.Startup;

/// <summary>The outcome of a configuration reload: applied or not, why not, and which changed keys wait for a restart.</summary>
internal sealed record ConfigurationReloadResult(bool Succeeded, IReadOnlyList<string> Failures, IReadOnlyList<string> NeedRestart)
{
    /// <summary>The answer of <c>POST /-/reload</c>: short, no values (a failure names keys and reasons, never a secret).</summary>
    public string Describe() => Succeeded
        ? NeedRestart.Count == 0 ? "configuration reloaded\n" : $"configuration reloaded; these changed settings take effect at the next restart: {string.Join(", ", NeedRestart)}\n"
        : $"failed to reload the configuration: {string.Join("; ", Failures)}\n";
}
