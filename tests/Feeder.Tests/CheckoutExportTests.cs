namespace KpiMonitoring.Feeder.Tests;

/// <summary>Export mode's file: what the exporter reads as an export refreshed within the hour.</summary>
public sealed class CheckoutExportTests : IDisposable
{
    private static readonly DateTimeOffset HalfPast15 = new(2026, 11, 25, 15, 30, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new("kpi-feeder-test-");

    public void Dispose() => _dir.Dispose();

    private string File => Path.Combine(_dir.Path, "shop.csv");

    private static GeneratedTransaction Checkout(DateTimeOffset at) => new(at, 120m, "approved", "pix", 1, 1, "BR", "ord_1");

    /// <summary>The hours the file has a row for, in order.</summary>
    private string[] Hours() => System.IO.File.ReadAllLines(File).Skip(1).Select(l => l[..3]).ToArray();

    /// <summary>A column per hour, read by the exporter's parser (through the feeder's shape reader).</summary>
    private DailyShape Column(string name) => DailyShape.Load(File, name, scale: 1);

    [Fact]
    public void Hours_before_the_start_hold_their_expected_count_and_the_running_hour_its_share_so_far()
    {
        var export = new CheckoutExport(File, DailyShape.Flat(3600), TimeZoneInfo.Utc, HalfPast15);

        export.Refresh([], HalfPast15);

        Hours().ShouldBe(Enumerable.Range(0, 16).Select(h => $"{h:00}h"));
        Column("today").PerHour(14).ShouldBe(3600);
        Column("today").PerHour(15).ShouldBe(1800);
        Column("avg_last_month").PerHour(15).ShouldBe(3600);
    }

    [Fact]
    public void Refresh_counts_the_new_checkouts_into_their_hour_and_stamps_the_file_with_the_covered_time()
    {
        var export = new CheckoutExport(File, DailyShape.Flat(3600), TimeZoneInfo.Utc, HalfPast15);
        export.Refresh([], HalfPast15);

        var until = HalfPast15.AddSeconds(2);
        export.Refresh([Checkout(HalfPast15.AddSeconds(0.5)), Checkout(HalfPast15.AddSeconds(1.5))], until);

        Column("today").PerHour(15).ShouldBe(1802);
        System.IO.File.GetLastWriteTimeUtc(File).ShouldBe(until.UtcDateTime);
        Directory.GetFiles(_dir.Path).ShouldBe([File]);
    }

    [Fact]
    public void Refresh_into_a_new_hour_adds_its_row()
    {
        var export = new CheckoutExport(File, DailyShape.Flat(60), TimeZoneInfo.Utc, HalfPast15);

        export.Refresh([Checkout(HalfPast15.AddMinutes(31))], HalfPast15.AddMinutes(31));

        Hours()[^1].ShouldBe("16h");
        Column("today").PerHour(16).ShouldBe(1);
        Column("today").PerHour(15).ShouldBe(30);
    }

    [Fact]
    public void New_day_starts_from_hour_00()
    {
        var lateEvening = new DateTimeOffset(2026, 11, 25, 23, 59, 0, TimeSpan.Zero);
        var export = new CheckoutExport(File, DailyShape.Flat(60), TimeZoneInfo.Utc, lateEvening);

        export.Refresh([Checkout(lateEvening.AddSeconds(30))], lateEvening.AddMinutes(2));

        Hours().ShouldBe(["00h"]);
        Column("today").PerDay.ShouldBe(0);
    }
}
