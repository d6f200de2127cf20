using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KpiExporter.Configuration;
using KpiExporter.Metrics;
using KpiExporter.Sources;
using KpiExporter.Sources.Database;
using KpiMonitoring.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KpiMonitoring.Bench.Database;

/// <summary>
/// The PostgreSQL checks on a growing transactions table: starts its own server, seeds the reference schema at a
/// constant rate of rows per hour (1M rows ~ 3 weeks of history, 10M ~ 7 months), and for each size reports every
/// check's run time (median, through the exporter's own runner: read-only transaction, statement timeout, query,
/// commit) and the scan types of its plan (EXPLAIN with the same parameters).
///
///   dotnet run --project bench -c Release -- database [--sizes 1000000,10000000] [--runs 21] [--rows-per-hour 2000]
/// </summary>
internal static class DatabaseSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Option(args, "--sizes", "1000000,10000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var runs = int.Parse(Option(args, "--runs", "21"), CultureInfo.InvariantCulture);
        var rowsPerHour = int.Parse(Option(args, "--rows-per-hour", "2000"), CultureInfo.InvariantCulture);

        Console.WriteLine($"PostgreSQL checks benchmark: {string.Join(" / ", sizes.Select(Rows))} rows at {rowsPerHour} rows per hour, median of {runs} runs");
        await using var server = await PostgresServer.StartNewAsync(new Dictionary<string, string>
        {
            ["shared_buffers"] = "'512MB'",
            ["maintenance_work_mem"] = "'512MB'",
            ["max_wal_size"] = "'8GB'",
            ["autovacuum"] = "off",
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
        var options = Options(connectionString);
        var results = new List<SizeResult>();
        long seeded = 0;
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            await SeedAsync(db, seeded, size, now, rowsPerHour);
            seeded = size;
            var seedTime = clock.Elapsed;
            var tableSize = await ScalarAsync<string>(db, "SELECT pg_size_pretty(pg_total_relation_size('transactions'))");
            Console.WriteLine($"seeded {Rows(size)} rows in {seedTime.TotalSeconds:F0} s (with index and VACUUM ANALYZE), table+index {tableSize}");
            results.Add(new SizeResult(size, await MeasureAsync(db, options, now, runs)));
        }

        Print(results);
        return Verdict(results);
    }

    private static DatabaseOptions Options(string connectionString)
    {
        var options = new DatabaseOptions { ConnectionString = connectionString, TimeZone = "UTC", TimeoutSeconds = 30 };
        options.Tables.Add(new TableCheckOptions { Name = "transactions" });
        options.Revenue.Add(new RevenueCheckOptions { Name = "transactions", RevenueStatus = "approved" });
        options.DataQuality.Add(new DataQualityCheckOptions { Name = "transactions", RequiredColumns = ["status", "customer_id"], WindowSeconds = 3600 });
        options.CustomChecks.Add(new CustomSqlCheckOptions
        {
            Name = "approved_last_15m",
            Sql = "SELECT count(*) AS value FROM transactions WHERE created_at >= now() - interval '15 minutes' AND status = 'approved'",
        });
        return options;
    }

    /// <summary>
    /// Adds rows <paramref name="from"/>..<paramref name="to"/> (row i is i*3600/rate seconds before now), so a
    /// bigger table has a longer history and the same rows per hour. The index is rebuilt after the load.
    /// </summary>
    private static async Task SeedAsync(NpgsqlConnection db, long from, long to, DateTimeOffset now, int rowsPerHour)
    {
        await ExecuteAsync(db, "DROP INDEX IF EXISTS transactions_created_at_idx");
        const long chunk = 2_000_000;
        for (var start = from; start < to; start += chunk)
        {
            var end = Math.Min(to, start + chunk) - 1;
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO transactions (created_at, amount, currency, status, payment_method, customer_id, merchant_id, country)
                SELECT $1::timestamptz - make_interval(secs => i * 3600.0 / $4),
                       round((120 * exp(0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2),
                       'BRL',
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

        await ExecuteAsync(db, "CREATE INDEX transactions_created_at_idx ON transactions (created_at) INCLUDE (amount, status)");
        await ExecuteAsync(db, "VACUUM (ANALYZE) transactions");
    }

    private static async Task<List<CheckFigures>> MeasureAsync(NpgsqlConnection db, DatabaseOptions options, DateTimeOffset now, int runs)
    {
        var time = new FixedClock(now);
        var catalog = new DatabaseCheckCatalog(options);
        var factory = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        var health = new SourceHealthRegistry(factory, time);
        await using var connection = new DatabaseConnection(Microsoft.Extensions.Options.Options.Create(options));
        var runner = new DatabaseCheckRunner(connection, new DatabaseMetrics(factory, catalog), health, time, NullLogger<DatabaseCheckRunner>.Instance);

        var figures = new List<CheckFigures>();
        foreach (var check in catalog.Checks)
        {
            var samples = new List<double>();
            for (var i = 0; i < runs + 2; i++)
            {
                var clock = Stopwatch.StartNew();
                var result = await runner.RunAsync(check, CancellationToken.None)
                    ?? throw new InvalidOperationException($"{check.Kind}/{check.Source} failed: {health.Get(check.Kind, check.Source)?.LastError}");
                if (i >= 2)
                {
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }

                _ = result;
            }

            samples.Sort();
            var plans = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var statement in check.Statements(now))
            {
                foreach (var scan in await ScanTypesAsync(db, statement))
                {
                    plans.Add(scan);
                }
            }

            figures.Add(new CheckFigures(check.Kind, samples[samples.Count / 2], samples[^1], string.Join(" + ", plans)));
        }

        return figures;
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
        Console.WriteLine("| check | " + string.Join(" | ", results.Select(r => $"{Rows(r.Rows)} rows: median (max) ms")) + " | plan |");
        Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")) + "---|");
        foreach (var kind in results[0].Checks.Select(c => c.Kind))
        {
            var cells = results.Select(r => r.Checks.Single(c => c.Kind == kind)).ToList();
            var plans = cells.Select(c => c.Plan).Distinct().ToList();
            Console.WriteLine($"| {kind} | " + string.Join(" | ", cells.Select(c => $"{c.MedianMs:F2} ({c.MaxMs:F2})")) + $" | {string.Join(" / ", plans)} |");
        }
    }

    private static int Verdict(List<SizeResult> results)
    {
        var revenue = results.Select(r => r.Checks.Single(c => c.Kind == DatabaseCheckKind.Revenue).MedianMs).ToList();
        var largest = revenue[^1];
        var ratio = largest / revenue[0];
        var ok = largest < 50 && ratio <= 2;
        Console.WriteLine();
        Console.WriteLine($"hourly revenue: {largest:F2} ms at {Rows(results[^1].Rows)} rows (target < 50 ms), {ratio:F2}x the {Rows(results[0].Rows)} figure (target <= 2x): {(ok ? "OK" : "MISSED")}");
        return ok ? 0 : 1;
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

    private sealed record CheckFigures(string Kind, double MedianMs, double MaxMs, string Plan);

    private sealed record SizeResult(long Rows, List<CheckFigures> Checks);

    /// <summary>The moment the table was seeded, so every size is measured at the same "now".</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
