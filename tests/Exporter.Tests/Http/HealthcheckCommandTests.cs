using KpiExporter.Http;
using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiExporter.Tests.Http;

public sealed class HealthcheckCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Healthcheck_exits_0_when_the_exporter_answers()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        (await HealthcheckCommand.RunAsync([new Uri(server.Client.BaseAddress!, "/healthz").ToString()])).ShouldBe(0);
    }

    [Fact]
    public async Task Healthcheck_reaches_a_tls_exporter_on_loopback_without_credentials()
    {
        await using var exporter = await KpiExporter.Tests.Web.SecuredExporter.StartAsync();

        (await HealthcheckCommand.RunAsync([new Uri(exporter.Server.BaseAddress, "/healthz").ToString()])).ShouldBe(0);
        (await HealthcheckCommand.RunAsync([new Uri(exporter.Server.BaseAddress, "/readyz").ToString()])).ShouldBe(1);
    }

    [Fact]
    public async Task Healthcheck_exits_1_when_nothing_listens()
    {
        (await HealthcheckCommand.RunAsync([$"http://127.0.0.1:{FreePort.Next()}/healthz"])).ShouldBe(1);
    }
}
