
namespace KpiMonitoring.Dashboards.Tests.Live;

/// <summary>
/// The data-quality alerts on the real Prometheus with the project's rules, over the feeder's rows in the real
/// PostgreSQL as `make demo` runs them: the injected defects raise their alerts with the database and column
/// labels, and the checks that found nothing wrong (the schema matches, the volume is normal) raise none.
/// </summary>
[Collection(LivePrometheusCollectionDefinition.Name)]
public sealed class DataQualityAlertTests(LivePrometheus live)
{
    [Fact]
    public async Task Duplicated_order_references_fire_DuplicateKeys_on_the_orders_database()
    {
        var alerts = await AlertsAsync("ALERTS{alertname=\"DuplicateKeys\", alertstate=\"firing\"}");

        var alert = alerts.ShouldHaveSingleItem();
        alert["database"].ShouldBe("orders");
        alert["table"].ShouldBe(LivePrometheus.Table);
        alert["column"].ShouldBe("order_ref");
        alert["severity"].ShouldBe("P2");
    }

    [Fact]
    public async Task Null_customers_make_RequiredColumnNulls_pending_for_its_ten_minutes()
    {
        var alerts = await AlertsAsync("ALERTS{alertname=\"RequiredColumnNulls\"}");

        var alert = alerts.ShouldHaveSingleItem();
        alert["alertstate"].ShouldBe("pending");
        alert["column"].ShouldBe("customer_id");
        alert["database"].ShouldBe("orders");
    }

    [Fact]
    public async Task The_normal_schema_and_volume_raise_nothing()
    {
        // The checks ran (the readiness conditions include their series): a matching schema and a feed like the week
        // before leave their alerts silent, pending included.
        (await AlertsAsync("ALERTS{alertname=~\"TableSchemaColumn.*|TableVolumeAnomaly\"}")).ShouldBeEmpty();
        (await AlertsAsync("kpi_table_schema_drift_columns > 0")).ShouldBeEmpty();
    }

    private async Task<List<Dictionary<string, string>>> AlertsAsync(string promql)
    {
        var result = await live.Prometheus.QueryAsync(promql, live.At);
        return result.EnumerateArray()
            .Select(series => series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString() ?? "", StringComparer.Ordinal))
            .ToList();
    }
}
