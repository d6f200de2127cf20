using KpiExporter.Configuration;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Configuration;

public sealed class CheckoutOptionsValidatorTests
{
    private static List<string> Failures(CheckoutOptions options) =>
        new CheckoutOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_with_an_existing_directory_are_valid()
    {
        Failures(new CheckoutOptions { DataDir = RepoPaths.Data }).ShouldBeEmpty();
    }

    [Fact]
    public void Missing_data_directory_names_the_key_and_value()
    {
        Failures(new CheckoutOptions { DataDir = "/no/such/dir" }).ShouldHaveSingleItem()
            .ShouldContain("Checkout:DataDir = '/no/such/dir'");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(double.NaN)]
    public void Seconds_per_hour_must_be_positive(double value)
    {
        Failures(new CheckoutOptions { DataDir = RepoPaths.Data, Replay = new ReplayOptions { SecondsPerHour = value } }).ShouldHaveSingleItem()
            .ShouldContain("Checkout:Replay:SecondsPerHour");
    }

    [Fact]
    public void Unknown_time_zone_names_the_key_and_value()
    {
        Failures(new CheckoutOptions { DataDir = RepoPaths.Data, TimeZone = "Mars/Olympus" }).ShouldHaveSingleItem()
            .ShouldContain("Checkout:TimeZone = 'Mars/Olympus'");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24)]
    public void Start_hour_must_be_an_hour(int hour)
    {
        Failures(new CheckoutOptions { DataDir = RepoPaths.Data, Replay = new ReplayOptions { StartHour = hour } }).ShouldHaveSingleItem()
            .ShouldContain("Checkout:Replay:StartHour");
    }

    [Fact]
    public void Silence_threshold_and_rate_gate_name_the_key_and_value()
    {
        var failures = Failures(new CheckoutOptions { DataDir = RepoPaths.Data, SilenceThreshold = 0.5, MinExpectedPerHour = -1 });

        failures.Count.ShouldBe(2);
        failures[0].ShouldStartWith("Checkout:SilenceThreshold = '0.5': must be from 1 to 100");
        failures[1].ShouldStartWith("Checkout:MinExpectedPerHour = '-1'");
    }
}
