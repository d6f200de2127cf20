namespace KpiMonitoring.Stack.Tests.LocalServers;

/// <summary>The throw-away PostgreSQL server never outlives the test run, even when pg_ctl cannot stop it.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Dispose_stops_the_postmaster_even_when_pg_ctl_cannot()
    {
        var server = await PostgresServer.StartNewAsync();
        var pid = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        Directory.Exists($"/proc/{pid}").ShouldBeTrue();

        // Without PG_VERSION pg_ctl refuses the directory ("not a database cluster directory").
        File.Delete(Path.Combine(server.DataDirectory, "PG_VERSION"));
        await server.DisposeAsync();

        Directory.Exists($"/proc/{pid}").ShouldBeFalse();
        Directory.Exists(server.DataDirectory).ShouldBeFalse();
    }
}
