using System.CommandLine;
using System.Text.RegularExpressions;
using KpiExporter.Configuration;
using KpiMonitoring.Tools;

namespace KpiMonitoring.Feeder;

/// <summary>The feeder's command line (System.CommandLine; <c>--help</c> lists it). Bad values name the option and the value.</summary>
internal sealed partial class FeederOptions
{
    private static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "Npgsql connection string (or env KPI_FEEDER_CONNECTION, or a file named by KPI_FEEDER_CONNECTION_FILE)",
        HelpName = "STR",
    };

    private static readonly Option<string?> PaymentsConnectionOption = new("--payments-connection")
    {
        Description = "a second database, the payments one: every transaction is written to both, as the order (--connection) and as its payment (or env KPI_FEEDER_PAYMENTS_CONNECTION, or a file named by KPI_FEEDER_PAYMENTS_CONNECTION_FILE)",
        HelpName = "STR",
    };

    private static readonly Option<bool> InitSchemaOption = new("--init-schema")
    {
        Description = "apply the reference schema (infrastructure/postgres/schema.sql) first, to each database",
    };

    private static readonly Option<string> TableOption = new("--table")
    {
        Description = "table to fill",
        HelpName = "NAME",
        DefaultValueFactory = _ => "transactions",
        Validators = { result => Check(result, value => TableName().IsMatch(value), value => $"--table '{value}': not a table name") },
    };

    private static readonly Option<string?> ShapeOption = new("--shape")
    {
        Description = "checkout CSV whose hourly counts give the daily shape, read as the exporter reads it (default data/checkout_1.csv)",
        HelpName = "FILE",
    };

    private static readonly Option<string> ShapeColumnOption = new("--shape-column")
    {
        Description = "the CSV column that gives the shape: today, yesterday, same_day_last_week, avg_last_week or avg_last_month",
        HelpName = "COL",
        DefaultValueFactory = _ => "avg_last_month",
        Validators =
        {
            result => Check(result, DailyShape.Columns.Contains, value => $"--shape-column '{value}': use one of {string.Join(", ", DailyShape.Columns)}"),
        },
    };

    private static readonly Option<double> ScaleOption = ToolCommandLine.Number(
        "--scale", "multiply the shape's hourly counts (100 gives ~50k rows a day)", defaultValue: 1, min: 0, helpName: "X");

    private static readonly Option<string> TimeZoneOption = new("--time-zone")
    {
        Description = "IANA zone whose hours the shape follows",
        HelpName = "ZONE",
        DefaultValueFactory = _ => "UTC",
        Validators = { result => Check(result, value => TimeZoneResolver.TryFind(value, out _), value => $"--time-zone '{value}': unknown time zone") },
    };

    private static readonly Option<int> BackfillDaysOption = ToolCommandLine.Integer(
        "--backfill-days", "write N days of history up to now first", defaultValue: 0, min: 0, helpName: "N");

    private static readonly Option<bool> LiveOption = new("--live")
    {
        Description = "then keep writing at the shape's rate for the current hour",
    };

    private static readonly Option<double> SpeedOption = ToolCommandLine.Number(
        "--speed", "live only: multiply the live rate", defaultValue: 1, min: 0, helpName: "X");

    private static readonly Option<double> OutageMinutesOption = ToolCommandLine.Number(
        "--outage-minutes", "inject: no transactions for N minutes (from now)", defaultValue: 0, min: 0, helpName: "N");

    private static readonly Option<double> OutageAgoMinutesOption = ToolCommandLine.Number(
        "--outage-ago-minutes", "...starting M minutes ago instead (the backfill leaves that window empty)", defaultValue: 0, min: 0, helpName: "M");

    private static readonly Option<double> RevenueDropMinutesOption = ToolCommandLine.Number(
        "--revenue-drop-minutes", "inject: amounts halved for N minutes (from now)", defaultValue: 0, min: 0, helpName: "N");

    private static readonly Option<double> RevenueDropAgoMinutesOption = ToolCommandLine.Number(
        "--revenue-drop-ago-minutes", "...starting M minutes ago instead (the backfill halves that window)", defaultValue: 0, min: 0, helpName: "M");

    private static readonly Option<double> VolumeDropMinutesOption = ToolCommandLine.Number(
        "--volume-drop-minutes", "inject: only a fraction (--volume-drop-keep) of the transactions written for N minutes (from now)", defaultValue: 0, min: 0, helpName: "N");

    private static readonly Option<double> VolumeDropAgoMinutesOption = ToolCommandLine.Number(
        "--volume-drop-ago-minutes", "...starting M minutes ago instead (the backfill thins that window)", defaultValue: 0, min: 0, helpName: "M");

    private static readonly Option<double> VolumeDropKeepOption = ToolCommandLine.Number(
        "--volume-drop-keep", "the fraction of transactions a volume drop keeps", defaultValue: 0.5, min: 0, max: 1, helpName: "F");

    private static readonly Option<int> BadRowsOption = ToolCommandLine.Integer(
        "--bad-rows", "inject: N rows with negative amounts, now", defaultValue: 0, min: 0, helpName: "N");

    private static readonly Option<int> DuplicateRowsOption = ToolCommandLine.Integer(
        "--duplicate-rows", "inject: N recent transactions written again with the same order_ref, now", defaultValue: 0, min: 0, helpName: "N");

    private static readonly Option<int> NullRowsOption = ToolCommandLine.Integer(
        "--null-rows", "inject: N rows with NULL in --null-column, now", defaultValue: 0, min: 0, helpName: "N");

    private static readonly Option<string> NullColumnOption = new("--null-column")
    {
        Description = "the column --null-rows leaves NULL: " + string.Join(", ", NullableColumns.All),
        HelpName = "COL",
        DefaultValueFactory = _ => "customer_id",
        Validators = { result => Check(result, NullableColumns.Contains, value => "--null-column: " + NullableColumns.Problem(value)) },
    };

    private static readonly Option<int?> ControlPortOption = ToolCommandLine.OptionalInteger(
        "--control-port",
        "serve injection commands on http://127.0.0.1:P/ (GET or POST /outage?minutes=N, /revenue-drop?minutes=N, /volume-drop?minutes=N&keep=F, /bad-rows?count=N, /duplicates?count=N, /null-rows?column=C&count=N, /clear, /status)",
        min: 1,
        max: 65535,
        helpName: "P");

    private static readonly Option<double> SteadyPerHourOption = ToolCommandLine.Number(
        "--steady-per-hour", "steady mode: R transactions an hour at every hour of the day instead of the shape (0: off)", defaultValue: 0, min: 0, helpName: "R");

    private static readonly Option<int> HistoryWeeksOption = ToolCommandLine.Integer(
        "--history-weeks", "steady mode: first write the same time of day (+-1 h) on each of the last N weeks, and the last hour", defaultValue: 0, min: 0, max: 12, helpName: "N");

    private static readonly Option<string?> CsvExportOption = new("--csv-export")
    {
        Description = "export mode: no database; rewrite FILE as a checkout CSV of today with the running hour partial, every --refresh-seconds, until stopped (the control endpoint works as in live mode)",
        HelpName = "FILE",
    };

    private static readonly Option<double> RefreshSecondsOption = ToolCommandLine.Number(
        "--refresh-seconds", "export mode: seconds between two rewrites of the file", defaultValue: 60, min: 0.1, max: 3600, helpName: "S");

    private static readonly Option<int?> SeedOption = ToolCommandLine.OptionalInteger(
        "--seed", "random seed (default: time based)", min: int.MinValue, helpName: "N");

    public string? Connection { get; private init; }

    public string? PaymentsConnection { get; private init; }

    public bool InitSchema { get; private init; }

    public string Table { get; private init; } = "transactions";

    public string? ShapeFile { get; private init; }

    public string ShapeColumn { get; private init; } = "avg_last_month";

    public double Scale { get; private init; } = 1;

    public string TimeZone { get; private init; } = "UTC";

    public int BackfillDays { get; private init; }

    public bool Live { get; private init; }

    public double Speed { get; private init; } = 1;

    public double OutageMinutes { get; private init; }

    public double OutageAgoMinutes { get; private init; }

    public double RevenueDropAgoMinutes { get; private init; }

    public double RevenueDropMinutes { get; private init; }

    public double VolumeDropMinutes { get; private init; }

    public double VolumeDropAgoMinutes { get; private init; }

    public double VolumeDropKeep { get; private init; } = 0.5;

    public int BadRows { get; private init; }

    public int DuplicateRows { get; private init; }

    public int NullRows { get; private init; }

    public string NullColumn { get; private init; } = "customer_id";

    public int? ControlPort { get; private init; }

    public int? Seed { get; private init; }

    /// <summary>Steady mode's rate (transactions an hour); 0 when the daily shape is used.</summary>
    public double SteadyPerHour { get; private init; }

    /// <summary>Steady mode: weeks of history written around now's time of day.</summary>
    public int HistoryWeeks { get; private init; }

    /// <summary>Export mode: the checkout CSV to rewrite instead of writing to the database; null when off.</summary>
    public string? CsvExport { get; private init; }

    /// <summary>Export mode: seconds between two rewrites.</summary>
    public double RefreshSeconds { get; private init; } = 60;

    /// <summary>
    /// The options, or false when there is nothing to run: --help (printed on stdout, exit code 0) or a bad command
    /// line (the reasons and the help on stderr, exit code 2).
    /// </summary>
    public static bool TryParse(IReadOnlyList<string> args, TextWriter output, TextWriter error, out FeederOptions options, out int exitCode)
    {
        var command = new RootCommand("Fills the reference schema with realistic transactions: history first (--backfill-days), then live (--live), with incidents injected from the command line or the loopback control endpoint.")
        {
            ConnectionOption, PaymentsConnectionOption, InitSchemaOption, TableOption, ShapeOption, ShapeColumnOption, ScaleOption, TimeZoneOption,
            BackfillDaysOption, LiveOption, SpeedOption, OutageMinutesOption, OutageAgoMinutesOption, RevenueDropMinutesOption,
            RevenueDropAgoMinutesOption, VolumeDropMinutesOption, VolumeDropAgoMinutesOption, VolumeDropKeepOption, BadRowsOption, DuplicateRowsOption, NullRowsOption, NullColumnOption,
            ControlPortOption, SeedOption, SteadyPerHourOption, HistoryWeeksOption,
            CsvExportOption, RefreshSecondsOption,
        };
        command.Validators.Add(result =>
        {
            // By presence, not value: a bad value has its own error, and reading it here would throw.
            if (result.GetResult(HistoryWeeksOption) is { Implicit: false } && result.GetResult(SteadyPerHourOption) is null or { Implicit: true })
            {
                result.AddError("--history-weeks needs --steady-per-hour");
            }

            if (result.GetResult(RefreshSecondsOption) is { Implicit: false } && result.GetResult(CsvExportOption) is null)
            {
                result.AddError("--refresh-seconds needs --csv-export");
            }

            if (result.GetResult(CsvExportOption) is not null
                && new Option[] { InitSchemaOption, BackfillDaysOption, HistoryWeeksOption, BadRowsOption, DuplicateRowsOption, NullRowsOption }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } database)
            {
                result.AddError($"{database.Name} writes to the database; --csv-export writes a file instead");
            }
        });
        options = new FeederOptions();
        if (!ToolCommandLine.TryParse(command, args, "kpi-feeder", output, error, out var parsed, out exitCode))
        {
            return false;
        }

        options = new FeederOptions
        {
            Connection = parsed.GetValue(ConnectionOption),
            PaymentsConnection = parsed.GetValue(PaymentsConnectionOption),
            InitSchema = parsed.GetValue(InitSchemaOption),
            Table = parsed.GetRequiredValue(TableOption),
            ShapeFile = parsed.GetValue(ShapeOption),
            ShapeColumn = parsed.GetRequiredValue(ShapeColumnOption),
            Scale = parsed.GetValue(ScaleOption),
            TimeZone = parsed.GetRequiredValue(TimeZoneOption),
            BackfillDays = parsed.GetValue(BackfillDaysOption),
            Live = parsed.GetValue(LiveOption),
            Speed = parsed.GetValue(SpeedOption),
            OutageMinutes = parsed.GetValue(OutageMinutesOption),
            OutageAgoMinutes = parsed.GetValue(OutageAgoMinutesOption),
            RevenueDropMinutes = parsed.GetValue(RevenueDropMinutesOption),
            RevenueDropAgoMinutes = parsed.GetValue(RevenueDropAgoMinutesOption),
            VolumeDropMinutes = parsed.GetValue(VolumeDropMinutesOption),
            VolumeDropAgoMinutes = parsed.GetValue(VolumeDropAgoMinutesOption),
            VolumeDropKeep = parsed.GetValue(VolumeDropKeepOption),
            BadRows = parsed.GetValue(BadRowsOption),
            DuplicateRows = parsed.GetValue(DuplicateRowsOption),
            NullRows = parsed.GetValue(NullRowsOption),
            NullColumn = parsed.GetRequiredValue(NullColumnOption),
            ControlPort = parsed.GetValue(ControlPortOption),
            Seed = parsed.GetValue(SeedOption),
            SteadyPerHour = parsed.GetValue(SteadyPerHourOption),
            HistoryWeeks = parsed.GetValue(HistoryWeeksOption),
            CsvExport = parsed.GetValue(CsvExportOption),
            RefreshSeconds = parsed.GetValue(RefreshSecondsOption),
        };
        return true;
    }

    /// <summary>The connection string: --connection, else KPI_FEEDER_CONNECTION, else the file in KPI_FEEDER_CONNECTION_FILE.</summary>
    public string ResolveConnection() =>
        Resolve(Connection, "KPI_FEEDER_CONNECTION")
        ?? throw new FormatException("no connection string: pass --connection or set KPI_FEEDER_CONNECTION or KPI_FEEDER_CONNECTION_FILE");

    /// <summary>The payments database's connection string, the same way (KPI_FEEDER_PAYMENTS_CONNECTION[_FILE]); null when none is given.</summary>
    public string? ResolvePaymentsConnection() => Resolve(PaymentsConnection, "KPI_FEEDER_PAYMENTS_CONNECTION");

    private static string? Resolve(string? given, string variable)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        var fromEnv = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        var file = Environment.GetEnvironmentVariable(variable + "_FILE");
        return string.IsNullOrWhiteSpace(file) ? null : File.ReadAllText(file).Trim();
    }

    private static void Check(System.CommandLine.Parsing.OptionResult result, Func<string, bool> valid, Func<string, string> problem)
    {
        if (result.Tokens.Count > 0 && result.Tokens[^1].Value is var value && !valid(value))
        {
            result.AddError(problem(value));
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex TableName();
}
