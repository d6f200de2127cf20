using KpiExporter.Configuration;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KpiExporter.Tests.Configuration;

public sealed class CheckoutOptionsValidatorTests
{
    /// <summary>Validates <paramref name="options"/> with the shipped thresholds unless the test sets its own, as the exporter binds them over appsettings.json.</summary>
    private static List<string> Failures(CheckoutOptions options)
    {
        if (options.Thresholds.Entries().All(e => e.Value is null))
        {
            options.Thresholds = ShippedSettings.Checkout().Thresholds;
        }

        return new CheckoutOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];
    }

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
    public void Input_limits_default_to_the_documented_values()
    {
        var shipped = ShippedSettings.Checkout();

        shipped.MaxFileBytes.ShouldBe(1_048_576);
        shipped.MaxLineBytes.ShouldBe(65_536);
        shipped.MaxDatasets.ShouldBe(1_000);
        new CheckoutOptions().MaxFileBytes.ShouldBe(shipped.MaxFileBytes);
        new CheckoutOptions().MaxLineBytes.ShouldBe(shipped.MaxLineBytes);
        new CheckoutOptions().MaxDatasets.ShouldBe(shipped.MaxDatasets);
    }

    [Theory]
    [InlineData("MaxFileBytes", 0)]
    [InlineData("MaxFileBytes", 2L * 1024 * 1024 * 1024)]
    [InlineData("MaxLineBytes", 0)]
    [InlineData("MaxDatasets", -1)]
    public void Input_limits_out_of_range_name_the_key_and_value(string key, long value)
    {
        var options = new CheckoutOptions { DataDir = RepoPaths.Data };
        if (key == "MaxFileBytes")
        {
            options.MaxFileBytes = value;
        }
        else if (key == "MaxLineBytes")
        {
            options.MaxLineBytes = (int)value;
        }
        else
        {
            options.MaxDatasets = (int)value;
        }

        Failures(options).ShouldHaveSingleItem().ShouldContain($"Checkout:{key} = '{value}'");
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

    [Fact]
    public void A_threshold_missing_from_the_section_names_its_key()
    {
        var options = ShippedSettings.Checkout();
        options.Thresholds.DropMinExpected = null;

        Failures(options).ShouldHaveSingleItem().ShouldStartWith("Checkout:Thresholds:DropMinExpected is not set");
    }

    [Theory]
    [InlineData(nameof(CheckoutThresholds.StoppedMinExpected), -1, "must be 0 or more")]
    [InlineData(nameof(CheckoutThresholds.StoppedMaxDeviationRatio), -1.5, "must be from -1 up to")]
    [InlineData(nameof(CheckoutThresholds.DropMaxDeviationRatio), 0, "must be from -1 up to")]
    [InlineData(nameof(CheckoutThresholds.SharpDropMaxZScore), 3, "must be below 0")]
    [InlineData(nameof(CheckoutThresholds.StoppedMaxLnTailBound), double.NaN, "must be a finite number")]
    public void A_threshold_out_of_range_names_its_key_and_value(string key, double value, string reason)
    {
        var options = ShippedSettings.Checkout();
        typeof(CheckoutThresholds).GetProperty(key)!.SetValue(options.Thresholds, value);

        var failure = Failures(options).ShouldHaveSingleItem();
        failure.ShouldStartWith($"Checkout:Thresholds:{key} = '");
        failure.ShouldContain(reason);
    }

    [Fact]
    public void A_dataset_may_set_some_thresholds_and_its_values_are_checked()
    {
        var options = ShippedSettings.Checkout();
        options.Datasets["marketplace"] = new CheckoutDatasetSettings { MaxAgeSeconds = 0, Thresholds = new CheckoutThresholds { StoppedMinExpected = 4, DropMaxZScore = 1 } };

        Failures(options).ShouldBe(
        [
            "Checkout:Datasets:marketplace:MaxAgeSeconds = '0': must be greater than 0.",
            "Checkout:Datasets:marketplace:Thresholds:DropMaxZScore = '1': must be below 0.",
        ]);
    }

    [Fact]
    public void Dataset_settings_bind_from_configuration_and_match_the_dataset_name_case_insensitively()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Checkout:Datasets:Marketplace:MaxAgeSeconds"] = "600",
                ["Checkout:Datasets:Marketplace:Thresholds:StoppedMinExpected"] = "4",
            })
            .Build();
        var options = ShippedSettings.Checkout();
        configuration.GetSection(CheckoutOptions.Section).Bind(options);

        options.MaxAgeFor("marketplace").ShouldBe(600);
        options.MaxAgeFor("shop").ShouldBe(7200);
        options.ThresholdsFor("marketplace").ShouldContain((CheckoutThreshold.StoppedMinExpected, 4.0));
        options.ThresholdsFor("marketplace").ShouldContain((CheckoutThreshold.DropMinExpected, 5.0));
        options.ThresholdsFor("shop").ShouldContain((CheckoutThreshold.StoppedMinExpected, 15.0));
    }

    [Fact]
    public void File_deadlines_are_validated_by_key()
    {
        var options = ShippedSettings.Checkout();
        options.Deadlines =
        [
            new CheckoutDeadlineOptions { Name = "shift_export", Dataset = "checkout_1", Time = "11:31", Weekdays = [DayOfWeek.Monday] },
            new CheckoutDeadlineOptions { Name = "shift_export", Dataset = "", Time = "25:00", WarningMinutes = 2000 },
            new CheckoutDeadlineOptions { Name = "1st", Dataset = "checkout_1", Time = "07:30" },
        ];

        Failures(options).ShouldBe(
        [
            "Checkout:Deadlines:1:Name = 'shift_export': another checkout deadline has this name.",
            "Checkout:Deadlines:1:Dataset is empty; name the dataset (file name without extension) that must arrive.",
            "Checkout:Deadlines:1:Time = '25:00': must be a local time of day HH:mm, e.g. 07:30.",
            "Checkout:Deadlines:1:WarningMinutes = '2000': must be from 0 to 1440 minutes.",
            "Checkout:Deadlines:2:Name = '1st': must be letters, digits and underscores, starting with a letter (e.g. morning_report).",
        ]);
    }
}
