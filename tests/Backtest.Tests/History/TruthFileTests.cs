using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

public sealed class TruthFileTests
{
    [Fact]
    public void A_bad_row_is_named_with_its_line()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("truth.csv", $"{TruthFile.Header}\ncheckout,2026-09-01,15,P1,outage\ncheckout,2026-09-01,25,P1,outage\n");

        Should.Throw<BacktestException>(() => TruthFile.Read(file)).Message.ShouldContain("truth.csv: line 3:");
    }

    [Fact]
    public void What_is_written_reads_back()
    {
        using var dir = new TempDirectory();
        TruthHour[] hours = [new("checkout", new DateOnly(2026, 9, 1), 15, "P1", "outage")];

        TruthFile.Read(dir.Write("truth.csv", TruthFile.Format(hours))).ShouldBe(hours);
    }
}
