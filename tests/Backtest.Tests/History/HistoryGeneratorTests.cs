using KpiMonitoring.Backtest.History;
using KpiExporter.Sources.Checkout;

namespace KpiMonitoring.Backtest.Tests.History;

public sealed class HistoryGeneratorTests
{
    private static readonly DateOnly Start = new(2026, 9, 7); // a Monday

    [Fact]
    public void The_same_seed_writes_the_same_files_and_another_seed_other_ones()
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        using var other = new TempDirectory();

        Generate(one.Path, seed: 3);
        Generate(two.Path, seed: 3);
        Generate(other.Path, seed: 4);

        Contents(one.Path).ShouldBe(Contents(two.Path));
        Contents(one.Path).ShouldNotBe(Contents(other.Path));
    }

    [Fact]
    public void Every_day_is_accepted_by_the_exporters_parser_and_its_baselines_come_from_the_days_before()
    {
        using var dir = new TempDirectory();
        Generate(dir.Path, seed: 5);

        var days = Enumerable.Range(0, 14).Select(d => Parse(dir.File($"checkout_{Start.AddDays(d):yyyy-MM-dd}.csv"))).ToList();

        for (var d = 7; d < 14; d++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                days[d][hour]!.Yesterday.ShouldBe(days[d - 1][hour]!.Today);
                days[d][hour]!.SameDayLastWeek.ShouldBe(days[d - 7][hour]!.Today);
                days[d][hour]!.AvgLastWeek.ShouldBe(Enumerable.Range(1, 7).Average(back => days[d - back][hour]!.Today), 0.001);
            }
        }
    }

    [Fact]
    public void Weekends_are_quieter_than_weekdays()
    {
        using var dir = new TempDirectory();
        Generate(dir.Path, seed: 6, incidents: 0);

        var totals = Enumerable.Range(0, 14).Select(d => (Start.AddDays(d).DayOfWeek, Parse(dir.File($"checkout_{Start.AddDays(d):yyyy-MM-dd}.csv")).TodayTotal)).ToList();

        totals.Where(t => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).Average(t => t.TodayTotal)
            .ShouldBeLessThan(0.9 * totals.Where(t => t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Average(t => t.TodayTotal));
    }

    [Fact]
    public void Outage_hours_in_the_truth_file_have_no_checkouts_and_drops_fewer_than_their_baselines()
    {
        using var dir = new TempDirectory();
        var truth = Generate(dir.Path, seed: 7, incidents: 3);

        TruthFile.Read(dir.File(HistoryGenerator.TruthFileName)).ShouldBe(truth);
        truth.Select(t => t.Kind).Distinct().ShouldBe(["outage", "sharp_drop", "mild_drop"], ignoreOrder: true);
        foreach (var hour in truth)
        {
            var row = Parse(dir.File($"checkout_{hour.Date:yyyy-MM-dd}.csv"))[hour.Hour]!;
            if (hour.Kind == "outage")
            {
                row.Today.ShouldBe(0);
            }
            else
            {
                row.Today.ShouldBeLessThan(row.AvgLastMonth);
            }
        }
    }

    private static IReadOnlyList<TruthHour> Generate(string dir, int seed, int? incidents = null) =>
        HistoryGenerator.Write(new GeneratorOptions(dir, Days: 14, Start: Start, Seed: seed, ShapeFile: RepoPaths.DataFile("checkout_1.csv"), Incidents: incidents));

    private static CheckoutDay Parse(string file) => CheckoutCsvParser.Parse(File.ReadAllBytes(file)).Day.ShouldNotBeNull();

    private static string Contents(string dir) => string.Concat(Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllText));
}
