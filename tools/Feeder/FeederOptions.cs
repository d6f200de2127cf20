using System.Globalization;

namespace KpiMonitoring.Feeder;

/// <summary>The feeder's command line. Unknown or malformed options are errors that name the option and value.</summary>
internal sealed class FeederOptions
{
    public const string Usage = """
        usage: kpi-feeder [options]
          --connection STR          Npgsql connection string (or env KPI_FEEDER_CONNECTION, or a file named by KPI_FEEDER_CONNECTION_FILE)
          --init-schema             apply the reference schema (infrastructure/postgres/schema.sql) first
          --table NAME              table to fill (default transactions)
          --shape FILE              checkout CSV whose hourly counts give the daily shape (default data/checkout_1.csv)
          --shape-column COL        today | avg_last_month (default avg_last_month)
          --scale X                 multiply the shape's hourly counts (default 1; 100 gives ~50k rows a day)
          --time-zone ZONE          IANA zone whose hours the shape follows (default UTC)
          --backfill-days N         write N days of history up to now first (default 0)
          --live                    then keep writing at the shape's rate for the current hour
          --speed X                 live only: multiply the live rate (default 1)
          --outage-minutes N        inject: no transactions for N minutes (from now)
          --outage-ago-minutes M    ...starting M minutes ago instead (the backfill leaves that window empty)
          --revenue-drop-minutes N  inject: amounts halved for N minutes (from now)
          --revenue-drop-ago-minutes M  ...starting M minutes ago instead (the backfill halves that window)
          --bad-rows N              inject: N rows with negative amounts, now
          --control-port P          serve injection commands on http://127.0.0.1:P/ (GET or POST /outage?minutes=N,
                                    /revenue-drop?minutes=N, /bad-rows?count=N, /clear, /status)
          --seed N                  random seed (default: time based)
        """;

    public string? Connection { get; private set; }

    public bool InitSchema { get; private set; }

    public string Table { get; private set; } = "transactions";

    public string? ShapeFile { get; private set; }

    public string ShapeColumn { get; private set; } = "avg_last_month";

    public double Scale { get; private set; } = 1;

    public string TimeZone { get; private set; } = "UTC";

    public int BackfillDays { get; private set; }

    public bool Live { get; private set; }

    public double Speed { get; private set; } = 1;

    public double OutageMinutes { get; private set; }

    public double OutageAgoMinutes { get; private set; }

    public double RevenueDropAgoMinutes { get; private set; }

    public double RevenueDropMinutes { get; private set; }

    public int BadRows { get; private set; }

    public int? ControlPort { get; private set; }

    public int? Seed { get; private set; }

    public static FeederOptions Parse(IReadOnlyList<string> args)
    {
        var o = new FeederOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value");
            switch (name)
            {
                case "--connection": o.Connection = Value(); break;
                case "--init-schema": o.InitSchema = true; break;
                case "--table": o.Table = Value(); break;
                case "--shape": o.ShapeFile = Value(); break;
                case "--shape-column": o.ShapeColumn = Value(); break;
                case "--scale": o.Scale = Number(name, Value(), 0); break;
                case "--time-zone": o.TimeZone = Value(); break;
                case "--backfill-days": o.BackfillDays = (int)Number(name, Value(), 0); break;
                case "--live": o.Live = true; break;
                case "--speed": o.Speed = Number(name, Value(), 0); break;
                case "--outage-minutes": o.OutageMinutes = Number(name, Value(), 0); break;
                case "--outage-ago-minutes": o.OutageAgoMinutes = Number(name, Value(), 0); break;
                case "--revenue-drop-ago-minutes": o.RevenueDropAgoMinutes = Number(name, Value(), 0); break;
                case "--revenue-drop-minutes": o.RevenueDropMinutes = Number(name, Value(), 0); break;
                case "--bad-rows": o.BadRows = (int)Number(name, Value(), 0); break;
                case "--control-port": o.ControlPort = (int)Number(name, Value(), 1); break;
                case "--seed": o.Seed = (int)Number(name, Value(), int.MinValue); break;
                case "-h" or "--help": throw new FormatException("");
                default: throw new FormatException($"unknown option '{name}'");
            }
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(o.Table, "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$"))
        {
            throw new FormatException($"--table '{o.Table}': not a table name");
        }

        if (o.ShapeColumn is not ("today" or "avg_last_month"))
        {
            throw new FormatException($"--shape-column '{o.ShapeColumn}': use today or avg_last_month");
        }

        return o;
    }

    /// <summary>The connection string: --connection, else KPI_FEEDER_CONNECTION, else the file in KPI_FEEDER_CONNECTION_FILE.</summary>
    public string ResolveConnection()
    {
        if (!string.IsNullOrWhiteSpace(Connection))
        {
            return Connection;
        }

        var fromEnv = Environment.GetEnvironmentVariable("KPI_FEEDER_CONNECTION");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        var file = Environment.GetEnvironmentVariable("KPI_FEEDER_CONNECTION_FILE");
        if (!string.IsNullOrWhiteSpace(file))
        {
            return File.ReadAllText(file).Trim();
        }

        throw new FormatException("no connection string: pass --connection or set KPI_FEEDER_CONNECTION or KPI_FEEDER_CONNECTION_FILE");
    }

    private static double Number(string name, string value, double min) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && double.IsFinite(number)
            ? number
            : throw new FormatException($"{name} '{value}': must be a number >= {min.ToString(CultureInfo.InvariantCulture)}");
}
