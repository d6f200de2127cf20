using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

public sealed class DatabaseOptionsValidatorTests
{
    private static List<string> Failures(DatabaseOptions options) =>
        new DatabaseOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void No_connection_and_no_checks_is_valid_and_off()
    {
        var options = new DatabaseOptions();

        Failures(options).ShouldBeEmpty();
        options.Enabled.ShouldBeFalse();
    }

    [Fact]
    public void Checks_without_a_connection_string_are_rejected()
    {
        var options = new DatabaseOptions().Add(new TableCheckOptions { Name = "orders" });

        Failures(options).ShouldHaveSingleItem().ShouldContain("no database is: set Database:Targets:<name>:ConnectionStringFile");
    }

    [Fact]
    public void Unparsable_connection_string_is_named_without_its_password()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db;Password=Sup3r-Secret;Port=notaport" };

        var failure = Failures(options).ShouldHaveSingleItem();

        failure.ShouldStartWith("Database:ConnectionString: not a valid connection string");
        failure.ShouldNotContain("Sup3r-Secret");
    }

    [Fact]
    public void Missing_connection_string_file_is_named()
    {
        var options = new DatabaseOptions { ConnectionStringFile = "/nonexistent/pg" };

        Failures(options).ShouldHaveSingleItem().ShouldStartWith("Database:ConnectionStringFile = '/nonexistent/pg': file does not exist");
    }

    [Theory]
    [InlineData("created at")]
    [InlineData("ts\"; DROP TABLE x; --")]
    [InlineData("")]
    public void Column_that_is_not_a_plain_identifier_is_rejected_naming_key_and_value(string column)
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }.Add(new RevenueCheckOptions { Name = "orders", AmountColumn = column });

        Failures(options).ShouldHaveSingleItem().ShouldStartWith($"Database:Revenue:0:AmountColumn = '{column}'");
    }

    [Fact]
    public void Volume_anomaly_bounds_are_named_with_key_and_value()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new VolumeAnomalyCheckOptions { Name = "orders", Weeks = 13, MinWeeks = 2 })
            .Add(new VolumeAnomalyCheckOptions { Name = "payments", Weeks = 2, MinWeeks = 3, MaxZScore = 2, MaxRatioToMean = 1.5 });

        var failures = Failures(options);

        failures.ShouldContain("Database:VolumeAnomalies:0:Weeks = '13': must be a whole number of weeks from 1 to 12.");
        failures.ShouldContain("Database:VolumeAnomalies:1:MinWeeks = '3': must be a whole number of weeks from 1 to Database:VolumeAnomalies:1:Weeks (2).");
        failures.ShouldContain("Database:VolumeAnomalies:1:MaxZScore = '2': must be a z-score from -100 to 0 (below the mean).");
        failures.ShouldContain("Database:VolumeAnomalies:1:MaxRatioToMean = '1.5': must be a fraction of the mean from 0 to 1.");
        failures.Count.ShouldBe(4);
    }

    [Fact]
    public void Schema_qualified_table_is_accepted_and_quoted()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }.Add(new TableCheckOptions { Name = "orders", Table = "sales.Orders" });

        Failures(options).ShouldBeEmpty();
        KpiExporter.Sources.Database.SqlIdentifier.Quote("sales.Orders").ShouldBe("\"sales\".\"Orders\"");
    }

    [Fact]
    public void Custom_checks_that_would_produce_the_same_metric_are_rejected()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new CustomSqlCheckOptions { Name = "queue_depth", Sql = "SELECT 1 AS value" })
            .Add(new CustomSqlCheckOptions { Name = "queue", Sql = "SELECT 1 AS depth, 2 AS age", ValueColumns = ["depth", "age"] });

        Failures(options).ShouldHaveSingleItem().ShouldContain("metric kpi_custom_queue_depth is also produced by Database:CustomChecks:0");
    }

    [Fact]
    public void Bad_timings_and_zone_are_named_with_their_values()
    {
        var options = new DatabaseOptions
        {
            ConnectionString = "Host=db",
            TimeZone = "Mars/Olympus",
            MaxPoolSize = 0,
        }.Add(new TableCheckOptions { Name = "orders", StaleWarningSeconds = 900, StaleCriticalSeconds = 600, RowsExpectedAfterHour = 25, IntervalSeconds = 0 });

        var failures = Failures(options);

        failures.ShouldContain("Database:TimeZone = 'Mars/Olympus': unknown time zone; use an IANA name such as 'UTC' or 'America/Sao_Paulo'.");
        failures.ShouldContain("Database:MaxPoolSize = '0': must be from 1 to 100.");
        failures.ShouldContain(f => f.StartsWith("Database:Tables:0:StaleCriticalSeconds = '600'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Tables:0:RowsExpectedAfterHour = '25'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Tables:0:IntervalSeconds = '0'", StringComparison.Ordinal));
    }

    [Fact]
    public void Revenue_thresholds_out_of_range_are_named_with_their_values()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new RevenueCheckOptions { Name = "orders", StoppedMinTransactions = -1, DropMaxRatioPreviousHour = 1.5 })
            .Add(new RevenueStreamCheckOptions { Name = "orders", RateDropMaxZScore = 2, RateDropMaxDeviationRatio = -2 });

        Failures(options).ShouldBe(
        [
            "Database:Revenue:0:StoppedMinTransactions = '-1': must be a number of transactions, 0 or more.",
            "Database:Revenue:0:DropMaxRatioPreviousHour = '1.5': must be a share from 0 to 1 (0.8 = 80 %).",
            "Database:Streams:0:RateDropMaxZScore = '2': must be a negative z-score (-3 = three standard deviations below).",
            "Database:Streams:0:RateDropMaxDeviationRatio = '-2': must be a deviation from -1 to below 0 (-0.5 = half).",
        ]);
    }

    [Fact]
    public void Single_connection_string_is_one_target_named_after_its_database_and_checks_need_not_name_it()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db;Database=kpi" }.Add(new TableCheckOptions { Name = "orders" });

        Failures(options).ShouldBeEmpty();
        options.ResolvedTargets().ShouldHaveSingleItem().Name.ShouldBe("kpi");
        DatabaseOptions.TargetOf(options.Checks[0], options.ResolvedTargets()).ShouldBe("kpi");
    }

    [Fact]
    public void Single_connection_string_without_a_database_is_the_target_default()
    {
        new DatabaseOptions { ConnectionString = "Host=db" }.ResolvedTargets().ShouldHaveSingleItem().Name.ShouldBe("default");
    }

    [Fact]
    public void One_named_target_serves_checks_that_name_no_database()
    {
        var options = new DatabaseOptions();
        options.Targets["orders"] = new DatabaseTargetOptions { ConnectionString = "Host=db;Database=shop" };
        options.Add(new TableCheckOptions { Name = "transactions" });

        Failures(options).ShouldBeEmpty();
        DatabaseOptions.TargetOf(options.Checks[0], options.ResolvedTargets()).ShouldBe("orders");
    }

    [Fact]
    public void With_two_targets_a_check_must_name_one_that_exists()
    {
        var options = new DatabaseOptions();
        options.Targets["orders"] = new DatabaseTargetOptions { ConnectionString = "Host=db;Database=orders" };
        options.Targets["payments"] = new DatabaseTargetOptions { ConnectionString = "Host=db;Database=payments", MaxPoolSize = 2 };
        options.Add(new TableCheckOptions { Name = "transactions" })
            .Add(new TableCheckOptions { Name = "refunds", Database = "payment" })
            .Add(new TableCheckOptions { Name = "payments", Database = "payments" });

        Failures(options).ShouldBe(
        [
            "Database:Tables:0:Database is not set and 2 databases are configured (orders, payments); name the one this check queries.",
            "Database:Tables:1:Database = 'payment': no such database; configured: orders, payments.",
        ]);
        options.ResolvedTargets().Select(t => (t.Name, t.MaxPoolSize)).ShouldBe([("orders", 4), ("payments", 2)]);
    }

    [Fact]
    public void Targets_and_the_single_connection_string_together_are_rejected_naming_the_migration()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" };
        options.Targets["orders"] = new DatabaseTargetOptions { ConnectionString = "Host=db" };

        Failures(options).ShouldHaveSingleItem().ShouldContain("move this one to Database:Targets:<name>:ConnectionString or ConnectionStringFile");
    }

    [Fact]
    public void A_target_without_a_connection_or_with_a_bad_name_is_named_by_its_key()
    {
        var options = new DatabaseOptions();
        options.Targets["orders db"] = new DatabaseTargetOptions { ConnectionStringFile = "/nonexistent/orders" };
        options.Targets["payments"] = new DatabaseTargetOptions();

        Failures(options).ShouldBe(
        [
            "Database:Targets:orders db: the name must be letters, digits, '_' and '-', starting with a letter (it becomes the database label).",
            "Database:Targets:orders db:ConnectionStringFile = '/nonexistent/orders': file does not exist (/nonexistent/orders).",
            "Database:Targets:payments: neither Database:Targets:payments:ConnectionString nor Database:Targets:payments:ConnectionStringFile is set.",
        ]);
    }

    [Fact]
    public void Static_labels_must_be_label_names_of_their_own_with_a_value()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new RevenueCheckOptions
            {
                Name = "payments",
                Labels = new() { ["team"] = "payments", ["1team"] = "x", ["__owner"] = "x", ["window"] = "x", ["database"] = "x", ["job"] = "x", ["domain"] = "" },
            })
            .Add(new CustomSqlCheckOptions { Name = "queue", Sql = "SELECT 1 AS value, 'a' AS region", LabelColumns = ["region"], Labels = new() { ["region"] = "eu" } })
            .Add(new CustomSqlCheckOptions { Name = "queue_by_db", Sql = "SELECT 1 AS value, 'a' AS database", LabelColumns = ["database"] });

        Failures(options).ShouldBe(
        [
            "Database:Revenue:0:Labels:1team: '1team' is not a label name: letters, digits and '_', not starting with a digit or '__'.",
            "Database:Revenue:0:Labels:__owner: '__owner' is not a label name: letters, digits and '_', not starting with a digit or '__'.",
            "Database:Revenue:0:Labels:window: 'window' is a label the exporter writes itself (or Prometheus adds); choose another name (e.g. team, owner, domain).",
            "Database:Revenue:0:Labels:database: 'database' is a label the exporter writes itself (or Prometheus adds); choose another name (e.g. team, owner, domain).",
            "Database:Revenue:0:Labels:job: 'job' is a label the exporter writes itself (or Prometheus adds); choose another name (e.g. team, owner, domain).",
            "Database:Revenue:0:Labels:domain: the value is empty; Prometheus treats an empty label as absent, so give it a value or remove it.",
            "Database:CustomChecks:0:Labels:region: 'region' is a label the exporter writes itself (or Prometheus adds); choose another name (e.g. team, owner, domain).",
            "Database:CustomChecks:1:LabelColumns:0 = 'database': the exporter labels every database series with its database itself; alias the column (AS db_name).",
        ],
        ignoreOrder: true);
    }
}
