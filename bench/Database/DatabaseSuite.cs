using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KpiExporter.Configuration;
using KpiExporter.Metrics;
using KpiExporter.Sources;
using KpiExporter.Sources.Database;
using KpiMonitoring.LocalServers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KpiMonitoring.Bench.Database;

/// <summary>
/// The PostgreSQL checks on transactions tables of each size: starts its own server, seeds one table per size from
/// the reference schema at a constant rate of rows per hour (1M rows ~ 3 weeks of history, 10M ~ 7 months), and
/// reports every check's run time (median, through the exporter's own runner: read-only transaction, statement
/// timeout, query, commit) and the scan types of its plan (EXPLAIN with the same parameters). The sizes are measured
/// interleaved, run by run, so load from other processes falls on all of them alike. Then the exporter process
/// against Debian's prometheus-sql-exporter on the same tables (<see cref="SqlExporterComparison"/>).
///
///   dotnet run --project bench -c Release -- database [--sizes 1000000,10000000] [--runs 31] [--rows-per-hour 2000]
/// </summary>
internal static class DatabaseSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Option(args, "--sizes", "1000000,10000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var runs = int.Parse(Option(args, "--runs", "31"), CultureInfo.InvariantCulture);
        var rowsPerHour = int.Parse(Option(args, "--rows-per-hour", "2000"), CultureInfo.InvariantCulture);

        Console.WriteLine($"PostgreSQL checks benchmark: {string.Join(" / ", sizes.Select(Rows))} rows at {rowsPerHour} rows per hour, median of {runs} runs");
        await using var server = await PostgresServer.StartNewAsync(new Dictionary<string, string>
        {
            ["shared_buffers"] = "'512MB'",
            ["maintenance_work_mem"] = "'512MB'",
            ["max_wal_size"] = "'8GB'",
            ["autovacuum"] = "off",
            // The server time of each statement, ours and prometheus-sql-exporter's (SqlExporterComparison).
            ["shared_preload_libraries"] = "'pg_stat_statements'",
        });
        Console.WriteLine($"server: PostgreSQL {server.MajorVersion} on 127.0.0.1:{server.Port}, {Environment.ProcessorCount} CPUs");
        await using (var admin = new NpgsqlConnection(server.SuperUserConnectionString()))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, "CREATE DATABASE kpi");
        }

        var connectionString = server.ConnectionString(PostgresServer.SuperUser, server.SuperPassword, "kpi", pooling: true);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await ExecuteAsync(db, await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "infrastructure", "postgres", "schema.sql")));

        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var tables = new List<(long Rows, string Table)>();
        foreach (var size in sizes)
        {
            var table = $"transactions_{Rows(size).ToLowerInvariant().Replace(",", "", StringComparison.Ordinal)}";
            var clock = Stopwatch.StartNew();
            await SeedAsync(db, table, size, now, rowsPerHour);
            var tableSize = await ScalarAsync<string>(db, $"SELECT pg_size_pretty(pg_total_relation_size('{table}'))");
            Console.WriteLine($"seeded {table}: {Rows(size)} rows in {clock.Elapsed.TotalSeconds:F0} s (load, index, VACUUM ANALYZE), table+index {tableSize}");
            tables.Add((size, table));
        }

        var results = await MeasureAsync(db, connectionString, tables, now, runs);
        Print(results);
        var verdict = Verdict(results);
        var peer = await SqlExporterComparison.RunAsync(server, db, tables, now, runs);
        return verdict != 0 ? verdict : peer;
    }

    private static DatabaseOptions Options(string connectionString, string table)
    {
        var options = new DatabaseOptions { ConnectionString = connectionString, TimeZone = "UTC", TimeoutSeconds = 30 };
        options.Add(new TableCheckOptions { Name = table });
        options.Add(new RevenueCheckOptions { Name = table, RevenueStatus = "approved" });
        options.Add(new RevenueCheckOptions { Name = table + ByCurrencySuffix, Table = table, RevenueStatus = "approved", CurrencyColumn = "currency" });
        options.Add(new RevenueStreamCheckOptions { Name = table, RevenueStatus = "approved" });
        options.Add(new DataQualityCheckOptions { Name = table, RequiredColumns = ["status", "customer_id"], WindowSeconds = 3600 });
        options.Add(new DuplicateKeysCheckOptions { Name = table, KeyColumn = "customer_id", WindowSeconds = 3600 });
        options.Add(new VolumeAnomalyCheckOptions { Name = table, Weeks = 4 });
        options.Add(new SchemaCheckOptions { Name = table, ExpectedColumns = ReferenceSchema.TransactionsColumnTypes() });
        options.Add(new CustomSqlCheckOptions
        {
            Name = "approved_last_15m",
            Sql = $"SELECT count(*) AS value FROM {table} WHERE created_at >= now() - interval '15 minutes' AND status = 'approved'",
        });
        return options;
    }

    /// <summary>
    /// A table like the reference <c>transactions</c> (columns, defaults, the schema's index) with <paramref name="rows"/>
    /// rows, row i stamped i*3600/rate seconds before now: a bigger table has a longer history and the same rows per
    /// hour. The index is dropped for the load and rebuilt from its definition after it.
    /// </summary>
    private static async Task SeedAsync(NpgsqlConnection db, string table, long rows, DateTimeOffset now, int rowsPerHour)
    {
        await ExecuteAsync(db, $"CREATE TABLE {table} (LIKE transactions INCLUDING ALL)");
        var indexes = new List<(string Name, string Definition)>();
        await using (var list = new NpgsqlCommand($"SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '{table}' AND indexdef NOT LIKE '%UNIQUE%'", db))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(db, $"DROP INDEX {name}");
        }

        const long chunk = 2_000_000;
        for (var start = 0L; start < rows; start += chunk)
        {
            var end = Math.Min(rows, start + chunk) - 1;
            await using var insert = new NpgsqlCommand(
                $$"""
                INSERT INTO {{table}} (created_at, amount, currency, status, payment_method, customer_id, merchant_id, country)
                SELECT $1::timestamptz - make_interval(secs => i * 3600.0 / $4),
                       round((120 * exp(0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2),
                       CASE WHEN i % 10 = 0 THEN 'USD' ELSE 'BRL' END,
                       CASE WHEN r < 0.90 THEN 'approved' WHEN r < 0.98 THEN 'declined' ELSE 'refunded' END,
                       (ARRAY['credit_card', 'debit_card', 'pix', 'boleto'])[1 + (i % 4)],
                       1 + (i * 7919) % 250000,
                       1 + (i % 40),
                       'BR'
                FROM (SELECT i, random() AS r FROM generate_series($2::bigint, $3::bigint) AS i) AS g
                """,
                db)
            {
                CommandTimeout = 0,
                Parameters =
                {
                    new() { Value = now.AddSeconds(-1) },
                    new() { Value = start },
                    new() { Value = end },
                    new() { Value = (double)rowsPerHour },
                },
            };
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var (_, definition) in indexes)
        {
            await ExecuteAsync(db, definition);
        }

        await ExecuteAsync(db, $"VACUUM (ANALYZE) {table}");
    }

    private static async Task<List<SizeResult>> MeasureAsync(NpgsqlConnection db, string connectionString, List<(long Rows, string Table)> tables, DateTimeOffset now, int runs)
    {
        var time = new FixedClock(now);
        var factory = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        var health = new SourceHealthRegistry(factory, time);
        var sizes = new List<(long Rows, DatabaseCheckCatalog Catalog, DatabaseConnections Connection, DatabaseCheckRunner Runner)>();
        foreach (var (rows, table) in tables)
        {
            var options = Options(connectionString, table);
            var catalog = new DatabaseCheckCatalog(options);
            var connection = new DatabaseConnections(options);
            sizes.Add((rows, catalog, connection, new DatabaseCheckRunner(connection, health, time, NullLogger<DatabaseCheckRunner>.Instance)));
        }

        var samples = sizes.Select(_ => sizes[0].Catalog.Checks.Select(_ => new List<double>()).ToList()).ToList();
        for (var run = 0; run < runs + 2; run++)
        {
            for (var c = 0; c < sizes[0].Catalog.Checks.Count; c++)
            {
                for (var s = 0; s < sizes.Count; s++)
                {
                    var check = sizes[s].Catalog.Checks[c];
                    var clock = Stopwatch.StartNew();
                    _ = await sizes[s].Runner.RunAsync(check, CancellationToken.None)
                        ?? throw new InvalidOperationException($"{check.Kind}/{check.Source} failed: {health.Get(check.Kind, check.Source)?.LastError}");
                    if (run >= 2)
                    {
                        samples[s][c].Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }
        }

        var results = new List<SizeResult>();
        for (var s = 0; s < sizes.Count; s++)
        {
            var figures = new List<CheckFigures>();
            for (var c = 0; c < sizes[s].Catalog.Checks.Count; c++)
            {
                var check = sizes[s].Catalog.Checks[c];
                var sorted = samples[s][c].Order().ToList();
                var plans = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var statement in check.Statements(now))
                {
                    foreach (var scan in await ScanTypesAsync(db, statement))
                    {
                        plans.Add(scan);
                    }
                }

                figures.Add(new CheckFigures(Label(check), sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.9)], string.Join(" + ", plans)));
            }

            results.Add(new SizeResult(sizes[s].Rows, figures));
            await sizes[s].Connection.DisposeAsync();
        }

        return results;
    }

    /// <summary>The scan node types of the statement's plan, e.g. "Index Only Scan (Backward)".</summary>
    private static async Task<IReadOnlyList<string>> ScanTypesAsync(NpgsqlConnection db, DatabaseStatement statement)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + statement.Sql, db);
        foreach (var parameter in statement.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var json = (string)(await explain.ExecuteScalarAsync())!;
        using var document = JsonDocument.Parse(json);
        var scans = new List<string>();
        Walk(document.RootElement[0].GetProperty("Plan"), scans);
        return scans;
    }

    private static void Walk(JsonElement plan, List<string> scans)
    {
        var type = plan.GetProperty("Node Type").GetString()!;
        if (type.Contains("Scan", StringComparison.Ordinal) && plan.TryGetProperty("Relation Name", out _))
        {
            var backward = plan.TryGetProperty("Scan Direction", out var direction) && direction.GetString() == "Backward";
            scans.Add(backward ? type + " Backward" : type);
        }

        if (plan.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, scans);
            }
        }
    }

    private static void Print(List<SizeResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| check | " + string.Join(" | ", results.Select(r => $"{Rows(r.Rows)} rows: median (p90) ms")) + " | plan |");
        Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")) + "---|");
        foreach (var kind in results[0].Checks.Select(c => c.Kind))
        {
            var cells = results.Select(r => r.Checks.Single(c => c.Kind == kind)).ToList();
            var plans = cells.Select(c => c.Plan).Distinct().ToList();
            Console.WriteLine($"| {kind} | " + string.Join(" | ", cells.Select(c => $"{c.MedianMs:F2} ({c.P90Ms:F2})")) + $" | {string.Join(" / ", plans)} |");
        }
    }

    /// <summary>
    /// The row of a check in the table: its kind, and for the entry with a currency column (its hourly revenue and
    /// its day's revenue) the kind with a <c>_by_currency</c> suffix, so each check has one row.
    /// </summary>
    private static string Label(DatabaseCheck check) =>
        check.Source.EndsWith(ByCurrencySuffix, StringComparison.Ordinal) ? check.Kind + ByCurrencySuffix : check.Kind;

    private const string ByCurrencySuffix = "_by_currency";

    private const string ByCurrency = HourlyRevenueCheck.KindLabel + ByCurrencySuffix;

    private static int Verdict(List<SizeResult> results)
    {
        Console.WriteLine();
        var ok = Flat(results, HourlyRevenueCheck.KindLabel, "hourly revenue");
        ok &= Flat(results, ByCurrency, "hourly revenue by currency");
        ok &= Flat(results, RevenueStreamCheck.KindLabel, "revenue stream");
        ok &= Flat(results, VolumeAnomalyCheck.KindLabel, "volume anomaly");
        ok &= Flat(results, DuplicateKeysCheck.KindLabel, "duplicate keys");
        ok &= Flat(results, SchemaCheck.KindLabel, "schema");
        return ok ? 0 : 1;
    }

    /// <summary>Whether a check stays under 50 ms at the largest size and within 2x of the smallest.</summary>
    private static bool Flat(List<SizeResult> results, string kind, string what)
    {
        var medians = results.Select(r => r.Checks.Single(c => c.Kind == kind).MedianMs).ToList();
        var largest = medians[^1];
        var ratio = largest / medians[0];
        var ok = largest < 50 && ratio <= 2;
        Console.WriteLine($"{what}: {largest:F2} ms at {Rows(results[^1].Rows)} rows (target < 50 ms), {ratio:F2}x the {Rows(results[0].Rows)} figure (target <= 2x): {(ok ? "OK" : "MISSED")}");
        return ok;
    }

    private static string Rows(long rows) => rows >= 1_000_000 && rows % 1_000_000 == 0 ? $"{rows / 1_000_000}M" : rows.ToString("N0", CultureInfo.InvariantCulture);

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KpiMonitoring.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find KpiMonitoring.sln above " + AppContext.BaseDirectory);
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private sealed record CheckFigures(string Kind, double MedianMs, double P90Ms, string Plan);

    private sealed record SizeResult(long Rows, List<CheckFigures> Checks);

    /// <summary>The moment the table was seeded, so every size is measured at the same "now".</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
