using System.Globalization;
using KpiExporter.Sources.Database;
using KpiMonitoring.Bench.Csv;
using KpiMonitoring.LocalServers;
using Npgsql;

namespace KpiMonitoring.Bench.Database;

/// <summary>
/// The hourly-revenue check against Debian's <c>prometheus-sql-exporter</c> on each table size: both exporters as
/// real processes on loopback, the same statements (the exporter's own, with the parameters written in as literals
/// for sql_exporter, which takes none), both on the same interval (sql_exporter cannot run them per scrape, see
/// <see cref="SqlExporter"/>), scrapes interleaved for at least two intervals, medians. The server-side cost of each
/// run comes from pg_stat_statements.
/// </summary>
internal static class SqlExporterComparison
{
    private const string Wrapper = "/* sql_exporter */ ";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(PostgresServer server, NpgsqlConnection db, IReadOnlyList<(long Rows, string Table)> tables, DateTimeOffset now, int rounds)
    {
        await Execute(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        var url = $"postgres://{PostgresServer.SuperUser}:{server.SuperPassword}@127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}/kpi?sslmode=disable";
        var connectionString = server.ConnectionString(PostgresServer.SuperUser, server.SuperPassword, "kpi", pooling: true);
        var figures = new List<(long Rows, Figures Ours, Figures Theirs)>();
        foreach (var (rows, table) in tables)
        {
            var queries = await QueriesAsync(db, table, now);
            using var data = new TempDirectory("kpi-bench-nodata-");
            await using var ours = await ExporterProcess.StartAsync(["--data-dir", data.Path, "--Logging:LogLevel:Default=Warning"], new Dictionary<string, string>
            {
                ["Database__ConnectionString"] = connectionString,
                ["Database__TimeZone"] = "UTC",
                ["Database__IntervalSeconds"] = Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["Database__StaggerStart"] = "false",
                ["Database__Revenue__0__Name"] = table,
                ["Database__Revenue__0__RevenueStatus"] = "approved",
            });
            await using var theirs = await SqlExporter.StartAsync(url, Interval, queries);
            var oursMetrics = new Uri(ours.BaseAddress, "/metrics");
            using var probe = new HttpClient();
            await WaitForAsync(async () => (await probe.GetStringAsync(oursMetrics)).Contains($"kpi_source_up{{kind=\"{HourlyRevenueCheck.KindLabel}\",source=\"{table}\"}} 1", StringComparison.Ordinal), "our hourly-revenue check's first success");
            (await probe.GetStringAsync(theirs.Metrics)).ShouldContainMetric("sql_kpi_revenue_windows", "sql_exporter's first run");

            using var oursClient = new ScrapeClient(oursMetrics, gzip: false);
            using var theirsClient = new ScrapeClient(theirs.Metrics, gzip: false);
            var (oursTimes, theirsTimes) = (new List<double>(), new List<double>());
            var started = DateTime.UtcNow;
            for (var round = -5; round < rounds || DateTime.UtcNow - started < (2.5 * Interval); round++)
            {
                if (round == 0)
                {
                    await Execute(db, "SELECT pg_stat_statements_reset()");
                    started = DateTime.UtcNow;
                }

                var (a, _) = await oursClient.ScrapeAsync();
                var (b, _) = await theirsClient.ScrapeAsync();
                if (round >= 0)
                {
                    oursTimes.Add(a);
                    theirsTimes.Add(b);
                }
            }

            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            var (oursCost, theirsCost) = await StatementCostsAsync(db, table);
            figures.Add((rows, new Figures(Median(oursTimes), oursTimes.Count, oursCost.Calls, oursCost.MeanMs), new Figures(Median(theirsTimes), theirsTimes.Count, theirsCost.Calls, theirsCost.MeanMs)));
            Console.WriteLine(Invariant($"{table}: {oursTimes.Count} scrapes of each in {seconds:F0} s"));
        }

        Print(figures);
        var flat = figures[^1].Ours.ScrapeMs / figures[0].Ours.ScrapeMs;
        var ok = flat <= 2;
        Console.WriteLine(Invariant($"our scrape with the check configured: {figures[^1].Ours.ScrapeMs:F2} ms at the largest table, {flat:F2}x the smallest (target: independent of table size, <= 2x): {(ok ? "OK" : "MISSED")}"));
        return ok ? 0 : 1;
    }

    /// <summary>The hourly-revenue check's statements for <paramref name="table"/>, as sql_exporter queries with labels and values.</summary>
    private static async Task<List<(string Name, string[] Values, string[] Labels, string Sql)>> QueriesAsync(NpgsqlConnection db, string table, DateTimeOffset now)
    {
        var options = new DatabaseOptions { ConnectionString = "Host=unused", TimeZone = "UTC" };
        options.Add(new RevenueCheckOptions { Name = table, RevenueStatus = "approved" });
        var check = new DatabaseCheckCatalog(options).Checks.Single(c => c.Kind == HourlyRevenueCheck.KindLabel);
        var queries = new List<(string, string[], string[], string)>();
        var names = new[] { "kpi_revenue_windows", "kpi_revenue_statuses" };
        var statements = check.Statements(now);
        for (var i = 0; i < statements.Count; i++)
        {
            var sql = Inline(statements[i]);
            var (labels, values) = await ColumnsAsync(db, sql);
            // coalesce: sql_exporter cannot scan a NULL into a label (the currency column is NULL without a currency).
            var select = string.Join(", ", labels.Select(l => $"coalesce({l}::text, '') AS {l}").Concat(values.Select(v => $"{v}::float8 AS {v}")));
            queries.Add((names[Math.Min(i, names.Length - 1)], values, labels, $"{Wrapper}SELECT {select} FROM ({sql}) AS q"));
        }

        return queries;
    }

    /// <summary>The statement with each $n replaced by its parameter as a SQL literal (highest n first, so $1 never eats $12).</summary>
    private static string Inline(DatabaseStatement statement)
    {
        var sql = statement.Sql;
        for (var n = statement.Parameters.Count; n >= 1; n--)
        {
            var literal = statement.Parameters[n - 1].Value switch
            {
                DateTimeOffset instant => $"'{instant.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00'::timestamptz",
                DateTime instant => $"'{instant.ToUniversalTime():yyyy-MM-dd HH:mm:ss.ffffff}+00'::timestamptz",
                string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                var other => throw new InvalidOperationException($"no literal for a parameter of type {other?.GetType().Name ?? "null"}"),
            };
            sql = sql.Replace($"${n}", literal, StringComparison.Ordinal);
        }

        return sql;
    }

    /// <summary>Label columns (text, and the window index w) and value columns (numbers) of a statement's result.</summary>
    private static async Task<(string[] Labels, string[] Values)> ColumnsAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (Name: reader.GetName(i), Type: reader.GetFieldType(i))).ToList();
        bool IsLabel((string Name, Type Type) c) => c.Name == "w" || c.Type == typeof(string);
        return (columns.Where(IsLabel).Select(c => c.Name).ToArray(), columns.Where(c => !IsLabel(c)).Select(c => c.Name).ToArray());
    }

    /// <summary>Runs and mean server time per run of the statements on <paramref name="table"/> since the reset: ours, then sql_exporter's.</summary>
    private static async Task<((long Calls, double MeanMs) Ours, (long Calls, double MeanMs) Theirs)> StatementCostsAsync(NpgsqlConnection db, string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT query LIKE $1 AS theirs, sum(calls)::bigint, coalesce(sum(total_exec_time) / nullif(sum(calls), 0), 0) FROM pg_stat_statements WHERE query LIKE $2 AND query NOT LIKE '%pg_stat_statements%' GROUP BY 1", db)
        {
            Parameters = { new() { Value = Wrapper.Trim() + "%" }, new() { Value = $"%{table}%" } },
        };
        var (ours, theirs) = ((0L, 0.0), (0L, 0.0));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var cost = (reader.GetInt64(1), reader.GetDouble(2));
            if (reader.GetBoolean(0))
            {
                theirs = cost;
            }
            else
            {
                ours = cost;
            }
        }

        return (ours, theirs);
    }

    private static void Print(List<(long Rows, Figures Ours, Figures Theirs)> figures)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"Hourly revenue against prometheus-sql-exporter, both running the statements every {Interval.TotalSeconds:F0} s off the scrape path. Medians of interleaved scrapes; server time per run from pg_stat_statements."));
        Console.WriteLine();
        Console.WriteLine("| table | figure | kpi-exporter | sql_exporter | ratio |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var (rows, ours, theirs) in figures)
        {
            var size = rows % 1_000_000 == 0 ? $"{rows / 1_000_000}M" : rows.ToString("N0", CultureInfo.InvariantCulture);
            Console.WriteLine(Invariant($"| {size} | scrape, median ms | {ours.ScrapeMs:F2} | {theirs.ScrapeMs:F2} | {theirs.ScrapeMs / ours.ScrapeMs:F1}x faster |"));
            Console.WriteLine(Invariant($"| {size} | statements run during the {ours.Scrapes} scrapes (two per check run) | {ours.Runs} | {theirs.Runs} | |"));
            Console.WriteLine(Invariant($"| {size} | server time per statement, mean ms (sql_exporter / ours) | {ours.MeanRunMs:F2} | {theirs.MeanRunMs:F2} | {(ours.MeanRunMs > 0 ? $"{theirs.MeanRunMs / ours.MeanRunMs:F2}" : "-")} |"));
        }
    }

    private static void ShouldContainMetric(this string scrape, string name, string what)
    {
        if (!scrape.Contains(name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what}: no {name} in its scrape:\n{scrape}");
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> ready, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await ready())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {what} within 60 s");
            }

            await Task.Delay(200);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task Execute(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Figures(double ScrapeMs, int Scrapes, long Runs, double MeanRunMs);
}
