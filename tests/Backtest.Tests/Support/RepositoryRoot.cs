namespace KpiMonitoring.Backtest.Tests.Support;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries holding KpiMonitoring.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KpiMonitoring.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no KpiMonitoring.sln above {AppContext.BaseDirectory}");
    }
}
