using System.Text.Json;

namespace KpiMonitoring.Backtest.Tests;

public sealed class SampleSeriesTests
{
    [Fact]
    public void Matrix_becomes_series_with_exact_millisecond_timestamps()
    {
        using var json = JsonDocument.Parse("""
            [{"metric": {"__name__": "dataset:checkout_transactions:zscore", "dataset": "checkout_2"},
              "values": [[1795628275.793, "-2.73"], [1795628276.043, "NaN"], [1795628276.293, "+Inf"]]}]
            """);

        var series = SampleSeries.FromMatrix(json.RootElement).ShouldHaveSingleItem();

        series.Label("dataset").ShouldBe("checkout_2");
        series.Label("instance").ShouldBeNull();
        series.Samples[0].ShouldBe(new Sample(1795628275793, -2.73));
        series.Samples[1].TimestampMs.ShouldBe(1795628276043);
        double.IsNaN(series.Samples[1].Value).ShouldBeTrue();
        series.Samples[2].Value.ShouldBe(double.PositiveInfinity);
    }
}
