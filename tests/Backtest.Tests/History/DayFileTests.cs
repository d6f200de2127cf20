using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

public sealed class DayFileTests
{
    [Theory]
    [InlineData("checkout_2026-09-01.csv", "checkout")]
    [InlineData("checkout_eu_2026-09-01.TSV", "checkout_eu")]
    public void A_day_file_name_gives_its_dataset_and_date(string name, string dataset)
    {
        var day = DayFile.FromPath(Path.Combine("/data", name)).ShouldNotBeNull();

        day.Dataset.ShouldBe(dataset);
        day.Date.ShouldBe(new DateOnly(2026, 9, 1));
    }

    [Theory]
    [InlineData("checkout.csv")]
    [InlineData("checkout_2026-13-01.csv")]
    [InlineData("checkout_2026-09-01.txt")]
    [InlineData("truth.csv")]
    public void Other_names_are_not_day_files(string name) => DayFile.FromPath(name).ShouldBeNull();

    [Fact]
    public void A_directory_lists_its_days_by_date_and_what_it_ignores()
    {
        using var dir = new TempDirectory();
        dir.Write("b_2026-09-02.csv", "");
        dir.Write("a_2026-09-02.csv", "");
        dir.Write("a_2026-09-01.csv", "");
        dir.Write("notes.txt", "");

        var days = DayFile.InDirectory(dir.Path, out var ignored);

        days.Select(d => $"{d.Dataset} {d.Date:MM-dd}").ShouldBe(["a 09-01", "a 09-02", "b 09-02"]);
        ignored.ShouldBe(["notes.txt"]);
    }
}
