using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class RevenueDayCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public RevenueDayCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Today_so_far_and_the_same_span_last_week_sum_approved_amounts()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            // today [00:00, 14:25): midnight belongs, the row after now and yesterday's last second do not
            new(At(0, 0), 10.00m),
            new(At(9, 30), 20.50m),
            new(At(14, 24, 59), 5.00m),
            new(At(11, 0), 70m, "declined"),
            new(At(14, 25), 999m),
            new(At(23, 59, 59).AddDays(-1), 888m),
            // a week ago [00:00, 14:25): the row after 14:25 that day does not count
            new(At(8, 0).AddDays(-7), 100m),
            new(At(14, 24).AddDays(-7), 1m),
            new(At(14, 26).AddDays(-7), 777m));
        await using var harness = Harness(table, "UTC");

        var result = await harness.RunOkAsync<RevenueDayResult>(RevenueDayCheck.KindLabel, "orders");

        (result[RevenueDayCheck.Today].Amount, result[RevenueDayCheck.Today].Transactions).ShouldBe((35.50m, 3L));
        (result[RevenueDayCheck.SameDayLastWeek].Amount, result[RevenueDayCheck.SameDayLastWeek].Transactions).ShouldBe((101m, 2L));
        (await harness.ValueAsync("kpi_revenue_day_amount{database=\"kpi\",table=\"orders\",window=\"today\"}")).ShouldBe(35.5);
        (await harness.ValueAsync("kpi_revenue_day_transactions{database=\"kpi\",table=\"orders\",window=\"same_day_last_week\"}")).ShouldBe(2);
    }

    [Fact]
    public async Task The_day_starts_at_local_midnight_and_last_week_at_its_local_midnight_across_a_daylight_saving_change()
    {
        // New York moved to summer time on 2026-03-08. On 03-11 at 10:25 EDT (14:25 UTC) the day began at 04:00 UTC;
        // a week earlier, 03-04, it began at 05:00 UTC (EST) and the same local time was 15:25 UTC.
        var table = await _db.NewTransactionsTableAsync();
        await using var harness = Harness(table, "America/New_York");

        var result = await harness.RunOkAsync<RevenueDayResult>(RevenueDayCheck.KindLabel, "orders");

        result[RevenueDayCheck.Today].From.ShouldBe(At(4, 0));
        result[RevenueDayCheck.SameDayLastWeek].From.ShouldBe(At(5, 0).AddDays(-7));
        result[RevenueDayCheck.SameDayLastWeek].To.ShouldBe(At(15, 25).AddDays(-7));
    }

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 3, 11, hour, minute, second, TimeSpan.Zero);

    private CheckHarness Harness(string table, string zone)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString, zone);
        options.Add(new RevenueCheckOptions { Name = "orders", Table = table, RevenueStatus = "approved" });
        return new CheckHarness(options, Now);
    }
}
