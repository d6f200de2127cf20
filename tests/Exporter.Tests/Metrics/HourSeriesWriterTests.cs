using System.Text;
using KpiExporter.Metrics;
using KpiExporter.Sources.Checkout;

namespace KpiExporter.Tests.Metrics;

public sealed class HourSeriesWriterTests
{
    private static async Task<string> RenderAsync(params CheckoutDataset[] datasets)
    {
        using var stream = new MemoryStream();
        await HourSeriesWriter.WriteAsync(stream, datasets, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static CheckoutDataset Dataset(string name, params CheckoutHour[] hours) =>
        new(name, "/x/" + name + ".csv", new CheckoutDay(hours), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Each_hour_gives_one_today_series_and_four_baseline_series()
    {
        var text = await RenderAsync(Dataset("shop", new CheckoutHour(3, 0, 1, 1, 0.42857142857142855, 0.4642857142857143)));

        text.ShouldBe(
            "# HELP kpi_checkout_hour_transactions Today's checkout transactions in each hour of the dataset.\n" +
            "# TYPE kpi_checkout_hour_transactions gauge\n" +
            "kpi_checkout_hour_transactions{dataset=\"shop\",hour=\"03\"} 0\n" +
            "# HELP kpi_checkout_hour_baseline_transactions Baseline checkout transactions for each hour: yesterday, the same day last week, or last week's or last month's average.\n" +
            "# TYPE kpi_checkout_hour_baseline_transactions gauge\n" +
            "kpi_checkout_hour_baseline_transactions{dataset=\"shop\",hour=\"03\",baseline=\"yesterday\"} 1\n" +
            "kpi_checkout_hour_baseline_transactions{dataset=\"shop\",hour=\"03\",baseline=\"same_day_last_week\"} 1\n" +
            "kpi_checkout_hour_baseline_transactions{dataset=\"shop\",hour=\"03\",baseline=\"avg_last_week\"} 0.42857142857142855\n" +
            "kpi_checkout_hour_baseline_transactions{dataset=\"shop\",hour=\"03\",baseline=\"avg_last_month\"} 0.4642857142857143\n");
    }

    [Fact]
    public async Task Dataset_names_are_escaped_as_label_values()
    {
        var text = await RenderAsync(Dataset("a\"b\\c", new CheckoutHour(0, 5, 1, 1, 1, 1)));

        text.ShouldContain("kpi_checkout_hour_transactions{dataset=\"a\\\"b\\\\c\",hour=\"00\"} 5\n");
    }

    [Fact]
    public async Task Large_outputs_are_written_whole()
    {
        var datasets = Enumerable.Range(0, 300)
            .Select(i => Dataset($"store_{i:000}", Enumerable.Range(0, 24).Select(h => new CheckoutHour(h, h, 1, 2, 3, 4)).ToArray()))
            .ToArray();

        var text = await RenderAsync(datasets);

        text.Split('\n').Count(l => l.StartsWith("kpi_", StringComparison.Ordinal)).ShouldBe(300 * 24 * 5);
        text.ShouldContain("kpi_checkout_hour_transactions{dataset=\"store_299\",hour=\"23\"} 23\n");
    }
}
