namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// The config rendered exactly as the delivery tests render it (loopback endpoints, secrets directory, timers
/// 60 times faster), without starting anything: for amtool and for reading.
/// </summary>
public sealed class RenderedConfigFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kpi-stack-tests-");

    public string SecretsDir => Path.Combine(_dir.FullName, "secrets");

    public string ConfigFile { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(SecretsDir);
        foreach (var name in new[] { "slack_api_url", "pagerduty_routing_key", "smtp_auth_password" })
        {
            await File.WriteAllTextAsync(Path.Combine(SecretsDir, name), "test-secret\n");
        }

        ConfigFile = await AlertmanagerConfig.RenderAsync(
            Path.Combine(_dir.FullName, "config"),
            AlertmanagerConfig.LoopbackEnvironment(SecretsDir, new Uri("http://127.0.0.1:9/v2/enqueue"), "127.0.0.1:9", new Uri("http://127.0.0.1:9/ping/kpi-test")));
    }

    public Task DisposeAsync()
    {
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
