using System.Net;
using System.Text.Json;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Http;

/// <summary>GET /api/v1/status: the contract tools integrate against (field names, content type, statuses).</summary>
public sealed class StatusEndpointTests : IDisposable
{
    private const string Header = "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<JsonElement> StatusAsync(ExporterServer server)
    {
        using var response = await server.Client.GetAsync(new Uri("/api/v1/status", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json; charset=utf-8");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static JsonElement Named(JsonElement array, string name) =>
        array.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Sources_and_deadlines_carry_their_status_and_the_worst_is_overall()
    {
        // 12:00 UTC: the 11:31 shift export is missed (P1: CRITICAL); the 13:00 one is at risk (P2: WARNING).
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var hours = string.Concat(Enumerable.Range(0, 12).Select(h => $"{h:00}h,5,5,5,5,5\n"));
        File.SetLastWriteTimeUtc(_dir.Write("checkout_1.csv", Header + hours), now.AddDays(-1).UtcDateTime);
        File.SetLastWriteTimeUtc(_dir.Write("checkout_2.csv", Header + hours), now.AddMinutes(-5).UtcDateTime);
        _dir.Write("broken.csv", Header + "00h,x,1,1,1,1\n");
        var settings = new Dictionary<string, string?>
        {
            ["Checkout:Deadlines:0:Name"] = "shift_export",
            ["Checkout:Deadlines:0:Dataset"] = "checkout_1",
            ["Checkout:Deadlines:0:Time"] = "11:31",
            ["Checkout:Deadlines:1:Name"] = "afternoon_export",
            ["Checkout:Deadlines:1:Dataset"] = "checkout_1",
            ["Checkout:Deadlines:1:Time"] = "13:00",
            ["Checkout:Deadlines:1:WarningMinutes"] = "90",
            ["Checkout:Deadlines:2:Name"] = "fresh_export",
            ["Checkout:Deadlines:2:Dataset"] = "checkout_2",
            ["Checkout:Deadlines:2:Time"] = "11:59",
        };
        await using var server = await ExporterServer.StartAsync(_dir.Path, new FakeTimeProvider(now), settings);

        var status = await StatusAsync(server);

        status.GetProperty("status").GetString().ShouldBe("CRITICAL");
        status.GetProperty("exporter").GetString().ShouldBe("kpi-exporter");
        status.GetProperty("generated_at").GetDateTimeOffset().ShouldBe(now);
        var sources = status.GetProperty("sources");
        Named(sources, "checkout_2").GetProperty("status").GetString().ShouldBe("OK");
        Named(sources, "checkout_1").GetProperty("state").GetString().ShouldBe("STALE");
        Named(sources, "checkout_1").GetProperty("status").GetString().ShouldBe("WARNING");
        var broken = Named(sources, "broken");
        broken.GetProperty("kind").GetString().ShouldBe("checkout_csv");
        broken.GetProperty("state").GetString().ShouldBe("FAILING");
        broken.GetProperty("status").GetString().ShouldBe("WARNING");
        broken.GetProperty("last_success").ValueKind.ShouldBe(JsonValueKind.Null);
        broken.GetProperty("last_error_reason").GetString().ShouldNotBeNullOrEmpty();
        broken.GetProperty("detail").GetString()!.ShouldContain("line 2");

        var deadlines = status.GetProperty("deadlines");
        var missed = Named(deadlines, "shift_export");
        missed.GetProperty("kind").GetString().ShouldBe("checkout_csv");
        missed.GetProperty("source").GetString().ShouldBe("checkout_1");
        missed.GetProperty("state").GetString().ShouldBe("missed");
        missed.GetProperty("status").GetString().ShouldBe("CRITICAL");
        missed.GetProperty("day").GetString().ShouldBe("2026-12-01");
        missed.GetProperty("due").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 12, 1, 11, 31, 0, TimeSpan.Zero));
        missed.GetProperty("warning_from").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 12, 1, 11, 1, 0, TimeSpan.Zero));
        missed.GetProperty("met_at").ValueKind.ShouldBe(JsonValueKind.Null);
        Named(deadlines, "afternoon_export").GetProperty("state").GetString().ShouldBe("at_risk");
        Named(deadlines, "afternoon_export").GetProperty("status").GetString().ShouldBe("WARNING");
        var met = Named(deadlines, "fresh_export");
        met.GetProperty("state").GetString().ShouldBe("met");
        met.GetProperty("met_at").GetDateTimeOffset().ShouldBe(now.AddMinutes(-5));

        var html = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        html.ShouldContain("shift_export</td><td class=\"failing\">MISSED</td>");
        html.ShouldContain("afternoon_export</td><td class=\"warn\">AT RISK</td>");
        (await server.ValueAsync("kpi_deadline_met_timestamp_seconds{deadline=\"fresh_export\",source=\"checkout_2\"}")).ShouldBe(now.AddMinutes(-5).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task With_an_empty_data_directory_and_no_deadlines_the_status_is_ok()
    {
        await using var server = await ExporterServer.StartAsync(_dir.Path);

        var status = await StatusAsync(server);

        status.GetProperty("status").GetString().ShouldBe("OK");
        var directory = status.GetProperty("sources").EnumerateArray().ShouldHaveSingleItem();
        directory.GetProperty("kind").GetString().ShouldBe(CheckoutFileLoader.DirectoryKind);
        directory.GetProperty("status").GetString().ShouldBe("OK");
        status.GetProperty("deadlines").GetArrayLength().ShouldBe(0);
    }
}
