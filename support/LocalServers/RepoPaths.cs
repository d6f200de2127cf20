namespace KpiMonitoring.LocalServers;

/// <summary>Paths inside the repository, found by walking up from the running binaries to KpiMonitoring.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Data => Path.Combine(Root, "data");

    public static string Rules => Path.Combine(Root, "rules");

    public static string Dashboards => Path.Combine(Root, "dashboards");

    public static string Runbooks => Path.Combine(Root, "docs", "runbooks");

    public static string Alertmanager => Path.Combine(Root, "infrastructure", "alertmanager");

    /// <summary>The rule files Prometheus loads (rules/*.yml; the promtool tests under rules/tests are not rules).</summary>
    public static IReadOnlyList<string> RuleFiles => [.. Directory.GetFiles(Rules, "*.yml").Order(StringComparer.Ordinal)];

    public static string DataFile(string name) => Path.Combine(Data, name);

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "KpiMonitoring.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find KpiMonitoring.sln above " + AppContext.BaseDirectory);
    }
}
