using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using KpiExporter.Configuration;
using KpiMonitoring.Feeder;
using Npgsql;

// Fills the reference schema with realistic transactions: history first (--backfill-days), then live (--live),
// with incidents injected from the command line or the loopback control endpoint. See --help (FeederOptions).
if (!FeederOptions.TryParse(args, Console.Out, Console.Error, out var options, out var exitCode))
{
    return exitCode;
}

var steady = SteadyFeed.From(options);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    try
    {
        stop.Cancel();
    }
    catch (ObjectDisposedException)
    {
    }
};

var shapeFile = options.ShapeFile ?? Path.Combine(AppContext.BaseDirectory, "checkout_1.csv");
var shape = steady?.Shape ?? DailyShape.Load(shapeFile, options.ShapeColumn, options.Scale);
var zone = TimeZoneResolver.Find(options.TimeZone);
var random = options.Seed is { } seed ? new Random(seed) : new Random();
var generator = new TransactionGenerator(shape, zone, random);
var incidents = new Incidents();
if (options.CsvExport is { } exportFile)
{
    return await ExportAsync(exportFile);
}

string connectionString;
string? paymentsConnectionString;
try
{
    connectionString = options.ResolveConnection();
    paymentsConnectionString = options.ResolvePaymentsConnection();
}
catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"kpi-feeder: {ex.Message}");
    return 2;
}

await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using var paymentsDataSource = paymentsConnectionString is null ? null : NpgsqlDataSource.Create(paymentsConnectionString);
NpgsqlDataSource[] dataSources = paymentsDataSource is null ? [dataSource] : [dataSource, paymentsDataSource];
var writer = new TransactionWriter(dataSources, options.Table);

try
{
    if (options.InitSchema)
    {
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("schema.sql")!;
        using var reader = new StreamReader(stream);
        var schema = await reader.ReadToEndAsync(stop.Token);
        foreach (var database in dataSources)
        {
            await using var command = database.CreateCommand(schema);
            await command.ExecuteNonQueryAsync(stop.Token);
        }

        Console.WriteLine(dataSources.Length == 1 ? "schema applied" : "schema applied to both databases");
    }

    var now = DateTimeOffset.UtcNow;
    if (options.OutageMinutes > 0)
    {
        incidents.Outage(now.AddMinutes(-options.OutageAgoMinutes), options.OutageMinutes);
    }

    if (options.RevenueDropMinutes > 0)
    {
        incidents.RevenueDrop(now.AddMinutes(-options.RevenueDropAgoMinutes), options.RevenueDropMinutes);
    }

    if (options.VolumeDropMinutes > 0)
    {
        incidents.VolumeDrop(now.AddMinutes(-options.VolumeDropAgoMinutes), options.VolumeDropMinutes, options.VolumeDropKeep);
    }

    if (options.BackfillDays > 0)
    {
        var clock = Stopwatch.StartNew();
        long total = 0;
        for (var day = options.BackfillDays; day > 0; day--)
        {
            var from = now.AddDays(-day);
            total += await writer.WriteAsync(generator.Between(from, from.AddDays(1), 1, incidents), stop.Token);
        }

        Console.WriteLine($"backfilled {options.BackfillDays} days up to now: {total} transactions in {clock.Elapsed.TotalSeconds:F1} s (shape: {shape.PerDay:F0} a day)");
    }

    if (steady is { HistoryWeeks: > 0 })
    {
        var history = await steady.WriteHistoryAsync(writer, generator, incidents, now, stop.Token);
        Console.WriteLine($"steady history: {history} transactions around this time of day on each of the last {steady.HistoryWeeks} weeks ({steady.PerHour} an hour)");
    }

    if (options.BadRows > 0)
    {
        incidents.BadRows(options.BadRows);
    }

    if (options.DuplicateRows > 0)
    {
        incidents.DuplicateRows(options.DuplicateRows);
    }

    if (options.NullRows > 0)
    {
        incidents.NullRows(options.NullColumn, options.NullRows);
    }

    await WriteBadRowsAsync();
    if (!options.Live)
    {
        return 0;
    }

    long written = 0;
    await using var control = options.ControlPort is { } port
        ? new ControlEndpoint(port, incidents, () => $"written {Interlocked.Read(ref written)} live transactions; {incidents.Describe(DateTimeOffset.UtcNow)}")
        : null;
    if (control is not null)
    {
        await control.StartAsync(stop.Token);
        Console.WriteLine($"control endpoint on {control.Prefix}");
    }

    Console.WriteLine($"writing live at {options.Speed}x the shape's rate ({generator.RatePerHour(now) * options.Speed:F0} an hour now); {incidents.Describe(now)}");
    var last = DateTimeOffset.UtcNow;
    var report = last;
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        var current = DateTimeOffset.UtcNow;
        Interlocked.Add(ref written, await writer.WriteAsync(generator.Between(last, current, options.Speed, incidents), stop.Token));
        await WriteBadRowsAsync();
        last = current;
        if (current - report >= TimeSpan.FromMinutes(1))
        {
            Console.WriteLine($"{current:HH:mm:ss}Z: {Interlocked.Read(ref written)} live transactions so far; {incidents.Describe(current)}");
            report = current;
        }
    }

}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}
catch (NpgsqlException ex)
{
    // Npgsql messages name the server and user, never the password.
    Console.Error.WriteLine($"kpi-feeder: database error: {ex.Message}");
    return 1;
}

return 0;

// Export mode: the file rewritten every --refresh-seconds with the running hour partial (CheckoutExport).
async Task<int> ExportAsync(string file)
{
    var start = DateTimeOffset.UtcNow;
    var export = new CheckoutExport(file, shape, zone, start);
    await using var control = options.ControlPort is { } port
        ? new ControlEndpoint(port, incidents, () => $"day total {export.DayTotal}; {incidents.Describe(DateTimeOffset.UtcNow)}")
        : null;
    try
    {
        export.Refresh([], start);
        if (control is not null)
        {
            await control.StartAsync(stop.Token);
            Console.WriteLine($"control endpoint on {control.Prefix}");
        }

        Console.WriteLine($"exporting {Path.GetFullPath(file)} every {options.RefreshSeconds.ToString(CultureInfo.InvariantCulture)} s at {generator.RatePerHour(start) * options.Speed:F0} checkouts an hour now; {incidents.Describe(start)}");
        var last = start;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.RefreshSeconds));
        while (await timer.WaitForNextTickAsync(stop.Token))
        {
            var current = DateTimeOffset.UtcNow;
            export.Refresh(generator.Between(last, current, options.Speed, incidents), current);
            last = current;
        }
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine($"kpi-feeder: cannot write {file}: {ex.Message}");
        return 1;
    }

    return 0;
}

async Task WriteBadRowsAsync()
{
    var bad = incidents.TakeBadRows();
    if (bad > 0)
    {
        var at = DateTimeOffset.UtcNow;
        await writer.WriteAsync(Enumerable.Range(0, bad).Select(i => generator.Bad(at.AddMilliseconds(-i))), stop.Token);
        Console.WriteLine($"wrote {bad} rows with negative amounts");
    }

    // Copies of the most recent transactions: the same order, written again a moment later (a retried load).
    var duplicates = incidents.TakeDuplicateRows();
    if (duplicates > 0)
    {
        var at = DateTimeOffset.UtcNow;
        var originals = writer.Recent(duplicates);
        await writer.WriteAsync(originals.Select((o, i) => o with { CreatedAt = at.AddMilliseconds(-i) }).ToList(), stop.Token);
        Console.WriteLine(originals.Count == duplicates
            ? $"wrote {duplicates} duplicated orders"
            : $"wrote {originals.Count} duplicated orders of {duplicates} asked: only {originals.Count} recent orders written so far");
    }

    foreach (var (column, count) in incidents.TakeNullRows())
    {
        var at = DateTimeOffset.UtcNow;
        await writer.WriteAsync(Enumerable.Range(0, count).Select(i => generator.WithNull(at.AddMilliseconds(-i), column)).ToList(), stop.Token);
        Console.WriteLine($"wrote {count} rows with NULL {column}");
    }
}
