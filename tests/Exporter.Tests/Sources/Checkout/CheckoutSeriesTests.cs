using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Configuration;

namespace KpiExporter.Tests.Sources.Checkout;

public sealed class CheckoutSeriesTests
{
    private static async Task<string> RenderAsync(params CheckoutDataset[] datasets)
    {
        using var stream = new MemoryStream();
        var writer = new ExpositionWriter(stream);
        await CheckoutSeries.WriteHoursAsync(writer, datasets, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string RenderJudged(int hour, LiveFigures? live, params CheckoutDataset[] datasets) =>
        RenderJudged(hour, live, ShippedSettings.Checkout(), datasets);

    private static string RenderJudged(int hour, LiveFigures? live, CheckoutOptions options, params CheckoutDataset[] datasets)
    {
        using var stream = new MemoryStream();
        var writer = new ExpositionWriter(stream);
        CheckoutSeries.WriteJudgedAsync(writer, datasets, hour, live, options, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        writer.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
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

    [Fact]
    public void Judged_hour_series_follow_the_hour_and_are_absent_without_a_row()
    {
        var shop = Dataset("shop", new CheckoutHour(15, 0, 51, 42, 30.5, 27.785714285714285));
        var empty = Dataset("empty", new CheckoutHour(3, 1, 1, 1, 1, 1));

        var text = RenderJudged(15, new LiveFigures(ShippedSettings.Checkout(), new ZoneCalendar(TimeZoneInfo.Utc)), empty, shop);

        text.ShouldContain("kpi_checkout_judged_hour{dataset=\"empty\"} 15\nkpi_checkout_judged_hour{dataset=\"shop\"} 15\n");
        text.ShouldContain("kpi_checkout_judged_hour_transactions{dataset=\"shop\"} 0\n");
        text.ShouldNotContain("kpi_checkout_judged_hour_transactions{dataset=\"empty\"}");
        text.ShouldContain("kpi_checkout_judged_hour_baseline_transactions{dataset=\"shop\",baseline=\"avg_last_month\"} 27.785714285714285\n");
        text.ShouldContain("kpi_checkout_max_age_seconds{dataset=\"shop\"} 7200\n");
        text.Split('\n').Count(l => l.StartsWith("# TYPE kpi_checkout_judged_hour ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void Replay_mode_has_no_maximum_age_family()
    {
        var text = RenderJudged(3, null, Dataset("shop", new CheckoutHour(3, 1, 1, 1, 1, 1)));

        text.ShouldNotContain("kpi_checkout_max_age_seconds");
        text.ShouldContain("kpi_checkout_file_modified_timestamp_seconds{dataset=\"shop\"} 0\n");
    }

    [Fact]
    public void Every_dataset_carries_the_shipped_thresholds_in_both_modes()
    {
        var text = RenderJudged(15, null, Dataset("shop", new CheckoutHour(15, 0, 51, 42, 30.5, 27.8)));

        text.ShouldContain("# TYPE kpi_checkout_threshold gauge\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"stopped_min_expected\"} 15\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"stopped_max_deviation_ratio\"} -0.9\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"stopped_max_ln_tail_bound\"} -15\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"sharp_drop_max_zscore\"} -3\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"sharp_drop_max_deviation_ratio\"} -0.5\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"drop_max_zscore\"} -2\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"drop_max_deviation_ratio\"} -0.25\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"drop_min_expected\"} 5\n");
    }

    [Fact]
    public void A_dataset_overrides_only_the_thresholds_and_maximum_age_it_sets()
    {
        var options = ShippedSettings.Checkout();
        options.Datasets["marketplace"] = new CheckoutDatasetSettings { MaxAgeSeconds = 600, SilenceThreshold = 9, MinExpectedPerHour = 18, Thresholds = new CheckoutThresholds { StoppedMinExpected = 4 } };
        var live = new LiveFigures(options, new ZoneCalendar(TimeZoneInfo.Utc));

        var text = RenderJudged(15, live, options, Dataset("marketplace", new CheckoutHour(15, 0, 5, 5, 5, 5)), Dataset("shop", new CheckoutHour(15, 0, 51, 42, 30.5, 27.8)));

        text.ShouldContain("kpi_checkout_threshold{dataset=\"marketplace\",threshold=\"stopped_min_expected\"} 4\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"marketplace\",threshold=\"drop_min_expected\"} 5\n");
        text.ShouldContain("kpi_checkout_threshold{dataset=\"shop\",threshold=\"stopped_min_expected\"} 15\n");
        text.ShouldContain("kpi_checkout_max_age_seconds{dataset=\"marketplace\"} 600\n");
        text.ShouldContain("kpi_checkout_max_age_seconds{dataset=\"shop\"} 7200\n");
        text.ShouldContain("kpi_checkout_silence_threshold_transactions{dataset=\"marketplace\"} 9\n");
        text.ShouldContain("kpi_checkout_silence_threshold_transactions{dataset=\"shop\"} 16\n");
        text.ShouldContain("kpi_checkout_min_expected_rate_per_second{dataset=\"marketplace\"} 0.005\n");
    }
}
