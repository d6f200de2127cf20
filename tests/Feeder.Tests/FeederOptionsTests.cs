namespace KpiMonitoring.Feeder.Tests;

/// <summary>The flags Makefile, docker-compose.yml, the Dockerfile, the stack tool and the README use keep their names and meaning.</summary>
public sealed class FeederOptionsTests
{
    [Fact]
    public void Defaults_hold_without_flags()
    {
        var options = Parse([]);

        options.ShouldSatisfyAllConditions(
            () => options.Connection.ShouldBeNull(),
            () => options.InitSchema.ShouldBeFalse(),
            () => options.Table.ShouldBe("transactions"),
            () => options.ShapeFile.ShouldBeNull(),
            () => options.ShapeColumn.ShouldBe("avg_last_month"),
            () => options.Scale.ShouldBe(1),
            () => options.TimeZone.ShouldBe("UTC"),
            () => options.BackfillDays.ShouldBe(0),
            () => options.Live.ShouldBeFalse(),
            () => options.Speed.ShouldBe(1),
            () => options.ControlPort.ShouldBeNull(),
            () => options.Seed.ShouldBeNull(),
            () => options.SteadyPerHour.ShouldBe(0),
            () => SteadyFeed.From(options).ShouldBeNull());
    }

    [Fact]
    public void Payments_connection_names_the_second_database_and_is_optional()
    {
        var options = Parse(["--connection", "Host=db;Database=orders", "--payments-connection", "Host=db;Database=payments"]);

        options.ResolveConnection().ShouldBe("Host=db;Database=orders");
        options.ResolvePaymentsConnection().ShouldBe("Host=db;Database=payments");
        Parse(["--connection", "Host=db;Database=orders"]).PaymentsConnection.ShouldBeNull();
    }

    [Fact]
    public void Steady_mode_flags_set_the_rate_and_the_weeks_of_history()
    {
        var options = Parse(["--steady-per-hour", "4000", "--history-weeks", "4", "--live"]);

        var steady = SteadyFeed.From(options).ShouldNotBeNull();
        steady.PerHour.ShouldBe(4000);
        steady.HistoryWeeks.ShouldBe(4);
        steady.Shape.PerHour(3).ShouldBe(4000);
        steady.Shape.PerDay.ShouldBe(24 * 4000);
    }

    [Fact]
    public void Export_mode_flags_set_the_file_and_the_refresh_interval()
    {
        var options = Parse(["--csv-export", "data/shop.csv", "--refresh-seconds", "2.5", "--steady-per-hour", "360"]);

        options.CsvExport.ShouldBe("data/shop.csv");
        options.RefreshSeconds.ShouldBe(2.5);
        Parse([]).CsvExport.ShouldBeNull();
    }

    [Fact]
    public void Every_flag_sets_its_option()
    {
        var options = Parse(
        [
            "--connection", "Host=db", "--init-schema", "--table", "sales.orders", "--shape", "day.csv", "--shape-column", "today",
            "--scale", "2.5", "--time-zone", "America/Sao_Paulo", "--backfill-days", "8", "--live", "--speed", "3",
            "--outage-minutes", "90", "--outage-ago-minutes", "30", "--revenue-drop-minutes", "45", "--revenue-drop-ago-minutes", "15",
            "--bad-rows", "5", "--control-port", "18080", "--seed", "-7",
        ]);

        options.ShouldSatisfyAllConditions(
            () => options.Connection.ShouldBe("Host=db"),
            () => options.InitSchema.ShouldBeTrue(),
            () => options.Table.ShouldBe("sales.orders"),
            () => options.ShapeFile.ShouldBe("day.csv"),
            () => options.ShapeColumn.ShouldBe("today"),
            () => options.Scale.ShouldBe(2.5),
            () => options.TimeZone.ShouldBe("America/Sao_Paulo"),
            () => options.BackfillDays.ShouldBe(8),
            () => options.Live.ShouldBeTrue(),
            () => options.Speed.ShouldBe(3),
            () => options.OutageMinutes.ShouldBe(90),
            () => options.OutageAgoMinutes.ShouldBe(30),
            () => options.RevenueDropMinutes.ShouldBe(45),
            () => options.RevenueDropAgoMinutes.ShouldBe(15),
            () => options.BadRows.ShouldBe(5),
            () => options.ControlPort.ShouldBe(18080),
            () => options.Seed.ShouldBe(-7));
    }

    [Theory]
    [InlineData(new[] { "--table", "x; DROP TABLE y" }, "--table 'x; DROP TABLE y': not a table name")]
    [InlineData(new[] { "--shape-column", "tomorrow" }, "--shape-column 'tomorrow': use one of today, yesterday")]
    [InlineData(new[] { "--time-zone", "Mars/Olympus" }, "--time-zone 'Mars/Olympus': unknown time zone")]
    [InlineData(new[] { "--scale", "-1" }, "--scale must be a number >= 0, not '-1'")]
    [InlineData(new[] { "--backfill-days", "1.5" }, "--backfill-days must be a whole number >= 0, not '1.5'")]
    [InlineData(new[] { "--control-port", "70000" }, "--control-port must be a whole number from 1 to 65535, not '70000'")]
    [InlineData(new[] { "--outage" }, "Unrecognized command or argument '--outage'")]
    [InlineData(new[] { "--history-weeks", "4" }, "--history-weeks needs --steady-per-hour")]
    [InlineData(new[] { "--steady-per-hour", "100", "--history-weeks", "13" }, "--history-weeks must be a whole number from 0 to 12, not '13'")]
    [InlineData(new[] { "--refresh-seconds", "5" }, "--refresh-seconds needs --csv-export")]
    [InlineData(new[] { "--null-column", "id" }, "--null-column: column 'id': not a nullable column of the transactions table; use one of amount, status")]
    [InlineData(new[] { "--csv-export", "x.csv", "--duplicate-rows", "2" }, "--duplicate-rows writes to the database; --csv-export writes a file instead")]
    [InlineData(new[] { "--csv-export", "x.csv", "--backfill-days", "2" }, "--backfill-days writes to the database; --csv-export writes a file instead")]
    [InlineData(new[] { "--csv-export", "x.csv", "--refresh-seconds", "0" }, "--refresh-seconds must be a number from 0.1 to 3600, not '0'")]
    public void Bad_command_line_exits_2_with_the_reason_and_the_help_on_stderr(string[] args, string reason)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        FeederOptions.TryParse(args, output, error, out _, out var exitCode).ShouldBeFalse();

        exitCode.ShouldBe(2);
        output.ToString().ShouldBeEmpty();
        error.ToString().ShouldContain("kpi-feeder: " + reason);
        error.ToString().ShouldContain("--backfill-days");
    }

    [Fact]
    public void Help_lists_the_flags_on_stdout_and_exits_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        FeederOptions.TryParse(["--help"], output, error, out _, out var exitCode).ShouldBeFalse();

        exitCode.ShouldBe(0);
        error.ToString().ShouldBeEmpty();
        output.ToString().ShouldSatisfyAllConditions(
            help => help.ShouldContain("--connection"),
            help => help.ShouldContain("--control-port"),
            help => help.ShouldContain("--steady-per-hour"),
            help => help.ShouldContain("--revenue-drop-ago-minutes"));
    }

    [Fact]
    public void Data_quality_injections_set_their_options()
    {
        var options = Parse(["--duplicate-rows", "3", "--null-rows", "4", "--null-column", "merchant_id"]);

        options.ShouldSatisfyAllConditions(
            () => options.DuplicateRows.ShouldBe(3),
            () => options.NullRows.ShouldBe(4),
            () => options.NullColumn.ShouldBe("merchant_id"));
        Parse([]).NullColumn.ShouldBe("customer_id");
    }

    private static FeederOptions Parse(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        FeederOptions.TryParse(args, output, error, out var options, out _).ShouldBeTrue(error.ToString());
        return options;
    }
}
