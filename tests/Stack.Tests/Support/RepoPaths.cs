namespace KpiMonitoring.Stack.Tests.Support;

/// <summary>Paths inside the repository, found by walking up to the solution file.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    public static string Alertmanager => Path.Combine(Root, "infrastructure", "alertmanager");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KpiMonitoring.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find KpiMonitoring.sln above " + AppContext.BaseDirectory);
    }
}
