namespace KpiMonitoring.Stack.Tests.DataQuality;

/// <summary>
/// The volume and schema alerts through the real Prometheus with rules/, on the feeder's rows in the real
/// PostgreSQL: the normal feed raises nothing; a halved day and a dropped and an added column each raise their alert
/// with the database and table labels (see <see cref="DataQualityIncidentRun"/>).
/// </summary>
public sealed class DataQualityIncidentTests(DataQualityIncidentRun run) : IClassFixture<DataQualityIncidentRun>
{
    [Fact]
    public void The_normal_feed_with_four_weeks_of_history_raises_no_volume_or_schema_alert()
    {
        run.NormalAlerts.ShouldBeEmpty(run.Diagnostics);
        run.NormalRatio.ShouldBeInRange(0.7, 1.4, "today so far is like the same span on the past weeks");
    }

    [Fact]
    public void A_halved_day_raises_TableVolumeAnomaly_on_the_orders_database()
    {
        var alert = run.VolumeAlerts.ShouldHaveSingleItem(run.Diagnostics);
        alert["database"].ShouldBe(LocalStack.OrdersDatabase);
        alert["table"].ShouldBe(DataQualityIncidentRun.Table);
        alert["severity"].ShouldBe("P2");
        alert["alertstate"].ShouldBe("pending");
        run.HalvedRatio.ShouldBeInRange(0.4, 0.6);
    }

    [Fact]
    public void A_dropped_and_an_added_column_raise_their_schema_alerts_naming_the_column()
    {
        var byName = run.SchemaAlerts.ToDictionary(a => a["alertname"], StringComparer.Ordinal);
        byName.Keys.ShouldBe(["TableSchemaColumnAdded", "TableSchemaColumnMissing"], ignoreOrder: true, run.Diagnostics);

        var missing = byName["TableSchemaColumnMissing"];
        missing["column"].ShouldBe(DataQualityIncidentRun.DroppedColumn);
        missing["severity"].ShouldBe("P2");
        missing["database"].ShouldBe(LocalStack.OrdersDatabase);
        missing["table"].ShouldBe(DataQualityIncidentRun.Table);

        var added = byName["TableSchemaColumnAdded"];
        added["column"].ShouldBe(DataQualityIncidentRun.AddedColumn);
        added["severity"].ShouldBe("P3");
    }
}
