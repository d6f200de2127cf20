using System.Net;
using KpiExporter.Tests.Support;
using KpiExporter.Tests.Web;

namespace KpiExporter.Tests.Http;

/// <summary>POST /-/reload is behind the web configuration's TLS and basic auth like every endpoint, and answers other methods 405.</summary>
public sealed class ReloadEndpointTests
{
    private static readonly Uri Reload = new("/-/reload", UriKind.Relative);

    [Fact]
    public async Task Reload_needs_the_credentials_when_basic_auth_is_on()
    {
        await using var exporter = await SecuredExporter.StartAsync();
        using var anonymous = exporter.NewClient(null, null);
        using var wrong = exporter.NewClient(SecuredExporter.User, "wrong");
        using var user = exporter.NewClient(SecuredExporter.User, SecuredExporter.Password);

        (await anonymous.PostAsync(Reload, null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.PostAsync(Reload, null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await exporter.Server.ValueAsync("kpi_exporter_config_reloads_total{result=\"success\"}")).ShouldBe(0);

        var response = await user.PostAsync(Reload, null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("configuration reloaded\n");
        (await exporter.Server.ValueAsync("kpi_exporter_config_reloads_total{result=\"success\"}")).ShouldBe(1);
        (await exporter.Server.ValueAsync("kpi_exporter_config_last_reload_successful")).ShouldBe(1);
    }

    [Fact]
    public async Task Get_is_not_allowed()
    {
        await using var exporter = await SecuredExporter.StartAsync();

        (await exporter.GetAsync("/-/reload", SecuredExporter.User, SecuredExporter.Password)).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await exporter.Server.ValueAsync("kpi_exporter_config_reloads_total{result=\"success\"}")).ShouldBe(0);
    }
}
