namespace KpiMonitoring.Backtest.Tests;

public sealed class TableFormatterTests
{
    private static readonly FiringAlert ZeroP1 = new("CheckoutZeroTransactions", "P1");

    [Fact]
    public void Table_has_one_row_per_hour_with_alert_severity_and_name()
    {
        HourVerdict[] verdicts =
        [
            new("checkout_2", 14, 19, 28.375, -1.1728, [], 7),
            new("checkout_2", 15, 0, 34.8929, -2.7323, [ZeroP1], 7),
        ];

        var table = TableFormatter.Format(verdicts);

        table.ShouldBe(
            """
            == checkout_2
            hour  today  expected      z  alerts
              14     19      28.4  -1.17
              15      0      34.9  -2.73  P1 CheckoutZeroTransactions

            Alerts: 15 P1


            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_dataset_gets_its_own_table_in_the_order_given()
    {
        HourVerdict[] verdicts = [new("b", 0, 1, 1, 0, [], 2), new("a", 0, 1, 1, 0, [], 2)];

        var table = TableFormatter.Format(verdicts);

        table.IndexOf("== b", StringComparison.Ordinal).ShouldBeLessThan(table.IndexOf("== a", StringComparison.Ordinal));
        table.ShouldContain("Alerts: none");
    }

    [Fact]
    public void Undefined_z_shows_as_a_dash()
    {
        var table = TableFormatter.Format([new HourVerdict("quiet", 4, 0, 0, double.NaN, [], 3)]);

        table.Split('\n')[2].ShouldBe("  04      0       0.0  -");
    }
}
