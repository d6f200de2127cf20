namespace KpiMonitoring.Dashboards.Tests.Support;

/// <summary>Paths inside the repository, found by walking up to the solution file.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dashboards => Path.Combine(Root, "dashboards");

    public static string Rules => Path.Combine(Root, "rules");

    public static string Runbooks => Path.Combine(Root, "docs", "runbooks");

    public static string DataFile(string name) => Path.Combine(Root, "data", name);

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The rule files Prometheus loads (rules/*.yml; the promtool tests under rules/tests are not rules).</summary>
    public static IReadOnlyList<string> RuleFiles => [.. Directory.GetFiles(Rules, "*.yml").Order(StringComparer.Ordinal)];

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
