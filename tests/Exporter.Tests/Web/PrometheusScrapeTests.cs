using System.Globalization;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Web;

/// <summary>
/// The real Prometheus scrapes the exporter over TLS with basic auth, with the scrape job shipped (commented) in
/// infrastructure/prometheus/prometheus.live.yml; the same job with a wrong password is refused.
/// </summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_scrapes_over_tls_with_basic_auth_using_the_shipped_job_and_a_wrong_password_is_refused()
    {
        await using var exporter = await SecuredExporter.StartAsync();
        var right = exporter.Dir.Write("password", SecuredExporter.Password);
        var wrong = exporter.Dir.Write("wrong-password", "not the password");
        var target = $"127.0.0.1:{exporter.Server.BaseAddress.Port.ToString(CultureInfo.InvariantCulture)}";
        var shipped = ShippedJob();
        var job = Adapt(shipped, "kpi-exporter", exporter.Dir.File("ca.crt"), right, target);
        var wrongJob = Adapt(shipped, "kpi-exporter-wrong-password", exporter.Dir.File("ca.crt"), wrong, target);

        await using var prometheus = await PrometheusServer.StartAsync([], [], TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), scrapeConfig: job + "\n" + wrongJob);

        await Eventually.TrueAsync(
            async () => (await prometheus.QueryAsync("up")).GetArrayLength() == 2,
            TimeSpan.FromSeconds(30),
            "Prometheus did not scrape both jobs");
        await Eventually.TrueAsync(
            async () => (await prometheus.QueryAsync("kpi_exporter_build_info{job=\"kpi-exporter\"}")).GetArrayLength() == 1,
            TimeSpan.FromSeconds(30),
            "the exporter's metrics did not reach Prometheus over TLS with basic auth");
        (await ValueAsync(prometheus, "up{job=\"kpi-exporter\"}")).ShouldBe(1);
        (await ValueAsync(prometheus, "up{job=\"kpi-exporter-wrong-password\"}")).ShouldBe(0);
        (await prometheus.QueryAsync("kpi_exporter_build_info{job=\"kpi-exporter-wrong-password\"}")).GetArrayLength().ShouldBe(0);
    }

    /// <summary>The lines between the BEGIN and END markers of the shipped configuration, uncommented.</summary>
    private static string ShippedJob() =>
        CommentedBlock.Uncommented(Path.Combine(RepoPaths.Root, "infrastructure", "prometheus", "prometheus.live.yml"), "kpi-exporter-tls");

    private static string Adapt(string job, string name, string caFile, string passwordFile, string target)
    {
        var adapted = job
            .Replace("job_name: kpi-exporter", $"job_name: {name}", StringComparison.Ordinal)
            .Replace("/etc/prometheus/kpi-exporter-ca.crt", caFile, StringComparison.Ordinal)
            .Replace("/etc/prometheus/kpi-exporter-password", passwordFile, StringComparison.Ordinal)
            .Replace("127.0.0.1:10123", target, StringComparison.Ordinal);
        adapted.ShouldContain(caFile);
        adapted.ShouldContain(passwordFile);
        adapted.ShouldContain(target);
        return adapted;
    }

    private static async Task<double> ValueAsync(PrometheusServer prometheus, string query)
    {
        var result = await prometheus.QueryAsync(query);
        result.GetArrayLength().ShouldBe(1, query);
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
