using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

public sealed class RevenueStreamOptionsValidationTests
{
    private static List<string> Failures(RevenueStreamCheckOptions stream) =>
        new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { ConnectionString = "Host=db" }.Add(stream)).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_with_a_name_are_valid()
    {
        Failures(new RevenueStreamCheckOptions { Name = "orders" }).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0, "Database:Streams:0:HistoryWeeks = '0': must be from 1 to 12.")]
    [InlineData(13, "Database:Streams:0:HistoryWeeks = '13': must be from 1 to 12.")]
    public void History_weeks_out_of_range_are_named(int weeks, string message)
    {
        Failures(new RevenueStreamCheckOptions { Name = "orders", HistoryWeeks = weeks }).ShouldHaveSingleItem().ShouldBe(message);
    }

    [Fact]
    public void Silence_threshold_below_one_is_named()
    {
        Failures(new RevenueStreamCheckOptions { Name = "orders", SilenceThreshold = 0.5 }).ShouldHaveSingleItem().ShouldStartWith("Database:Streams:0:SilenceThreshold = '0.5': must be from 1 to 100");
    }

    [Fact]
    public void Negative_rate_gate_slot_too_short_and_bad_column_are_all_named()
    {
        var failures = Failures(new RevenueStreamCheckOptions { Name = "orders", MinExpectedPerHour = -1, SlotSeconds = 30, TimestampColumn = "created at" });

        failures.Count.ShouldBe(3);
        failures.ShouldContain(f => f.StartsWith("Database:Streams:0:MinExpectedPerHour = '-1'", StringComparison.Ordinal));
        failures.ShouldContain("Database:Streams:0:SlotSeconds = '30': must be from 60 to 86400 seconds.");
        failures.ShouldContain(f => f.StartsWith("Database:Streams:0:TimestampColumn = 'created at'", StringComparison.Ordinal));
    }

    [Fact]
    public void Revenue_status_without_a_status_column_is_named()
    {
        Failures(new RevenueStreamCheckOptions { Name = "orders", StatusColumn = "", RevenueStatus = "approved" })
            .ShouldHaveSingleItem().ShouldBe("Database:Streams:0:RevenueStatus = 'approved': needs Database:Streams:0:StatusColumn.");
    }

    [Fact]
    public void Two_streams_with_one_name_are_rejected()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }.Add(new RevenueStreamCheckOptions { Name = "orders" }).Add(new RevenueStreamCheckOptions { Name = "orders" });

        new DatabaseOptionsValidator().Validate(null, options).Failures.ShouldNotBeNull().ShouldHaveSingleItem()
            .ShouldBe("Database:Streams: name 'orders' is used by entries 0, 1; names must be unique.");
    }
}
