using KpiExporter.Configuration;
using KpiExporter.Sources.Checkout;
using KpiExporter.Sources.Database;
using KpiExporter.Sources.Deadlines;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>A table deadline against the real PostgreSQL: today's rows (in the business zone) meet it, yesterday's do not.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class TableDeadlineCheckTests
{
    // 2026-12-01 10:00 UTC = 07:00 in Sao Paulo; the report data is due at 07:30 local (10:30 UTC).
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public TableDeadlineCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    private async Task<CheckHarness> HarnessAsync(string table, int minRows)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString, "America/Sao_Paulo")
            .Add(new TableDeadlineOptions { Name = "morning_report", Table = table, MinRows = minRows, Time = "07:30", WarningMinutes = 30 });
        return await Task.FromResult(new CheckHarness(options, Now));
    }

    private static DeadlineStatus Status(CheckHarness harness) =>
        new DeadlineSeries(new CheckoutOptions { TimeZone = "America/Sao_Paulo" }, new CheckoutDatasetStore(), harness.Catalog, harness.Time).Statuses().ShouldHaveSingleItem();

    [Fact]
    public async Task Rows_of_the_local_day_meet_the_deadline_when_the_check_first_sees_them()
    {
        var table = await _db.NewTransactionsTableAsync();
        // 02:30 UTC on 12-01 is 23:30 on 11-30 in Sao Paulo: yesterday's row.
        await _db.InsertAsync(table, new Transaction(new DateTimeOffset(2026, 12, 1, 2, 30, 0, TimeSpan.Zero), 10m));
        await using var harness = await HarnessAsync(table, minRows: 2);

        var before = await harness.RunOkAsync<TableDeadlineResult>(TableDeadlineCheck.KindLabel, "morning_report");
        before.RowsToday.ShouldBe(0);
        Status(harness).State.ShouldBe(DeadlineState.AtRisk);

        await _db.InsertAsync(table, new Transaction(Now.AddMinutes(-30), 5m), new Transaction(Now.AddMinutes(-20), 5m), new Transaction(Now.AddMinutes(-10), 5m));
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var after = await harness.RunOkAsync<TableDeadlineResult>(TableDeadlineCheck.KindLabel, "morning_report");

        after.RowsToday.ShouldBe(2, "the count stops at MinRows");
        after.MetAt.ShouldBe(Now.AddMinutes(5));
        var status = Status(harness);
        status.State.ShouldBe(DeadlineState.Met);
        status.Source.ShouldBe(table);

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        (await harness.RunOkAsync<TableDeadlineResult>(TableDeadlineCheck.KindLabel, "morning_report")).MetAt.ShouldBe(Now.AddMinutes(5), "the first sighting stays");
    }

    [Fact]
    public async Task Without_rows_after_the_due_time_it_is_missed_and_the_check_itself_is_healthy()
    {
        var table = await _db.NewTransactionsTableAsync();
        await using var harness = await HarnessAsync(table, minRows: 1);
        harness.Time.Advance(TimeSpan.FromMinutes(45));

        await harness.RunOkAsync<TableDeadlineResult>(TableDeadlineCheck.KindLabel, "morning_report");

        Status(harness).State.ShouldBe(DeadlineState.Missed);
        (await harness.ValueAsync("kpi_source_up{kind=\"deadline\",source=\"morning_report\"}")).ShouldBe(1);
    }

    [Fact]
    public async Task A_table_deadlines_series_carry_its_database_and_static_labels_and_a_file_deadlines_none()
    {
        var table = await _db.NewTransactionsTableAsync();
        var options = new DatabaseOptions { TimeZone = "America/Sao_Paulo" };
        options.Targets["warehouse"] = new DatabaseTargetOptions { ConnectionString = _db.ReaderConnectionString };
        options.Add(new TableDeadlineOptions
        {
            Name = "morning_report", Table = table, Database = "warehouse", Time = "07:30",
            Labels = new() { ["team"] = "reporting" },
        });
        await using var harness = new CheckHarness(options, Now);
        await harness.RunOkAsync<TableDeadlineResult>(TableDeadlineCheck.KindLabel, "morning_report");
        var checkout = new CheckoutOptions { TimeZone = "America/Sao_Paulo" };
        checkout.Deadlines.Add(new CheckoutDeadlineOptions { Name = "checkin", Dataset = "checkout_2", Time = "07:45" });

        var text = await Support.MetricText.ScrapeAsync(new DeadlineSeries(checkout, new CheckoutDatasetStore(), harness.Catalog, harness.Time));

        // 07:30 in Sao Paulo is 10:30 UTC.
        var due = new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Support.MetricText.Value(text, $"kpi_deadline_due_timestamp_seconds{{database=\"warehouse\",team=\"reporting\",deadline=\"morning_report\",source=\"{table}\"}}").ShouldBe(due);
        Support.MetricText.Value(text, $"kpi_deadline_met_timestamp_seconds{{database=\"warehouse\",team=\"reporting\",deadline=\"morning_report\",source=\"{table}\"}}").ShouldBe(0);
        Support.MetricText.Value(text, "kpi_deadline_due_timestamp_seconds{deadline=\"checkin\",source=\"checkout_2\"}").ShouldBe(due + (15 * 60));
    }

    [Fact]
    public void A_deadline_entry_is_validated_by_key()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new TableDeadlineOptions { Name = "morning report", Time = "7.30", WarningMinutes = -1, MinRows = 0 });

        new DatabaseOptionsValidator().Validate(null, options).Failures!.ShouldBe(
        [
            "Database:Deadlines:0:Name = 'morning report': must be letters, digits and '_' and start with a letter or '_'.",
            "Database:Deadlines:0:Table is empty; name the table whose rows of the day must land.",
            "Database:Deadlines:0:MinRows = '0': must be from 1 to 1000000.",
            "Database:Deadlines:0:Time = '7.30': must be a local time of day HH:mm, e.g. 07:30.",
            "Database:Deadlines:0:WarningMinutes = '-1': must be from 0 to 1440 minutes.",
        ]);
    }
}
