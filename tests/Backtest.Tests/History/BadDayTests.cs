using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

/// <summary>A day file the exporter rejects is skipped with its name and line; the other days are still judged.</summary>
public sealed class BadDayTests
{
    [Fact]
    public async Task A_rejected_day_is_named_with_its_line_and_the_other_day_is_still_judged()
    {
        using var dir = new TempDirectory();
        File.Copy(RepoPaths.DataFile("checkout_2.csv"), dir.File("checkout_2026-09-02.csv"));
        var lines = File.ReadAllLines(RepoPaths.DataFile("checkout_1.csv"));
        lines[4] = "03h,x,0,0,0.4,0.4";
        var bad = dir.Write("checkout_2026-09-01.csv", string.Join('\n', lines) + "\n");
        using var progress = new StringWriter();

        var run = await new HistoryBacktest(new HistoryOptions(dir.Path, RepoPaths.Rules), progress).RunAsync();

        var rejected = run.Rejected.ShouldHaveSingleItem();
        rejected.File.Path.ShouldBe(bad);
        rejected.Reason.ShouldStartWith("line 5:");
        progress.ToString().ShouldContain($"skipping {bad}: line 5:");
        run.Hours.Select(h => h.Date).Distinct().ShouldBe([new DateOnly(2026, 9, 2)]);
        run.Hours.Where(h => h.Alerts.Any(a => a.Severity == "P1")).Select(h => h.Hour).ShouldBe([15, 16, 17]);
        progress.ToString().ShouldContain("about");
    }
}
