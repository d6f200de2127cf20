namespace KpiMonitoring.Feeder.Tests;

/// <summary>The shape comes from the exporter's CSV parser, so every export the exporter reads gives the same shape.</summary>
public sealed class DailyShapeTests
{
    private const string CommaExport = """
        time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month
        00h,9,12,11,6.5,4.25
        01h,3,5,1,1.75,1.5
        15h,1200,1300,1250,1275.5,1234.5
        """;

    // The same day as a pt-BR spreadsheet exports it: semicolons, decimal commas, dots grouping thousands, quoted
    // fields, hours as 0, 1:00 and 15h, and the columns in another order.
    private const string SemicolonExport = """
        "avg_last_month";"time";"today";"yesterday";"same_day_last_week";"avg_last_week"
        "4,25";"0";9;12;11;"6,5"
        "1,5";"1:00";3;5;1;"1,75"
        "1.234,5";"15h";"1.200";"1.300";"1.250";"1.275,5"
        """;

    [Theory]
    [InlineData("avg_last_month", 4.25, 1.5, 1234.5)]
    [InlineData("today", 9, 3, 1200)]
    [InlineData("avg_last_week", 6.5, 1.75, 1275.5)]
    public void Semicolon_export_with_decimal_commas_gives_the_same_shape_as_the_comma_export(string column, double hour0, double hour1, double hour15)
    {
        using var dir = new TempDirectory("kpi-feeder-test-");
        var comma = DailyShape.Load(dir.Write("comma.csv", CommaExport), column, scale: 2);
        var semicolon = DailyShape.Load(dir.Write("semicolon.csv", SemicolonExport), column, scale: 2);

        Enumerable.Range(0, 24).Select(semicolon.PerHour).ShouldBe(Enumerable.Range(0, 24).Select(comma.PerHour));
        (semicolon.PerHour(0), semicolon.PerHour(1), semicolon.PerHour(15)).ShouldBe((hour0 * 2, hour1 * 2, hour15 * 2));
        semicolon.PerHour(2).ShouldBe(0, "an hour the file has no row for expects no transactions");
    }

    [Fact]
    public void The_bundled_day_gives_its_daily_total()
    {
        var shape = DailyShape.Load(RepoPaths.DataFile("checkout_1.csv"), "today", scale: 1);

        shape.PerDay.ShouldBe(File.ReadAllLines(RepoPaths.DataFile("checkout_1.csv")).Skip(1).Sum(line => double.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_file_the_exporter_rejects_is_rejected_with_its_line_and_reason()
    {
        using var dir = new TempDirectory("kpi-feeder-test-");
        var path = dir.Write("bad.csv", CommaExport.Replace("01h,3,", "01h,-3,", StringComparison.Ordinal));

        var error = Should.Throw<FormatException>(() => DailyShape.Load(path, "today", scale: 1));

        error.Message.ShouldStartWith($"{path}: line 3:");
        error.Message.ShouldContain("negative");
    }
}
