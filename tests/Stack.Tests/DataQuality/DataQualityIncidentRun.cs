using System.Globalization;
using System.Text.Json;
using KpiMonitoring.LocalServers;
using Npgsql;

namespace KpiMonitoring.Stack.Tests.DataQuality;

/// <summary>
/// One run of the whole stack on the feeder's data with four weeks of history, shared by the data-quality incident
/// tests: the real PostgreSQL (orders and payments databases), the feeder backfilling 29 days of checkout_1's shape
/// and writing live, the exporter with the shipped schema and volume checks, Prometheus with rules/. It records
/// what Prometheus shows on the normal feed, then after today's volume is halved (every other row of today deleted,
/// as a lost batch would leave it), then after a column is dropped and another added.
/// <para>
/// The business day runs in a fixed-offset zone where it is mid-afternoon now, so the day so far holds hundreds of
/// rows (past the volume check's gate of 100) whatever the hour the test runs at. The alerts are seen pending: their
/// <c>for</c> (5 and 10 minutes) is longer than a test may wait, and promtool's tests show them firing after it.
/// </para>
/// </summary>
public sealed class DataQualityIncidentRun : IAsyncLifetime
{
    public const string Table = LocalStack.TransactionsTable;
    public const string DroppedColumn = "updated_at";
    public const string AddedColumn = "coupon_code";
    private const string Alerts = "ALERTS{alertname=~\"TableSchemaColumn.*|TableVolumeAnomaly\"}";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private LocalStack? _stack;

    /// <summary>The volume and schema alerts (pending included) over the normal feed, once every check was judged.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> NormalAlerts { get; private set; } = [];

    /// <summary>Today's rows so far against the mean of the past weeks, on the normal feed (recording rule).</summary>
    public double NormalRatio { get; private set; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> VolumeAlerts { get; private set; } = [];

    /// <summary>The ratio the halved day showed when its alert went pending.</summary>
    public double HalvedRatio { get; private set; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> SchemaAlerts { get; private set; } = [];

    public string Diagnostics { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var offset = ((15 - now.UtcDateTime.Hour + 36) % 24) - 12; // local hour 15 (14 to 16 with the minutes)
        var zone = offset == 0 ? "UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}"; // Etc/GMT-3 is UTC+3
        _stack = await LocalStack.StartAsync(
            new StackOptions
            {
                WorkDirectory = Directory.CreateTempSubdirectory("kpi-data-quality-").FullName,
                DataFiles = [RepoPaths.DataFile("checkout_1.csv")],
                SecondsPerHour = 60,
                StartHour = 12,
                BackfillDays = 29,
                FeederScale = 4,
                FeederArguments = ["--time-zone", zone],
                DatabaseIntervalSeconds = 1,
                ExporterEnvironment = new Dictionary<string, string> { ["Database__TimeZone"] = zone },
            },
            TextWriter.Null);
        try
        {
            await RunAsync(_stack, zone);
        }
        finally
        {
            Diagnostics = _stack.Diagnostics();
        }
    }

    public async Task DisposeAsync()
    {
        if (_stack is { } stack)
        {
            _stack = null;
            await stack.DisposeAsync();
        }
    }

    private async Task RunAsync(LocalStack stack, string zone)
    {
        var table = $"table=\"{Table}\", database=\"{LocalStack.OrdersDatabase}\"";

        // Normal feed: the volume judged against four weeks and the schema read, with nothing pending.
        await WaitForAsync(stack, $"table:kpi_table_rows_so_far:ratio_to_mean{{{table}}} and on(database, table) table:kpi_table_rows_so_far:weeks{{{table}}} >= 3");
        await WaitForAsync(stack, $"kpi_table_schema_columns{{{table}}}");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few more evaluations on which an alert would have gone pending
        NormalAlerts = await SeriesAsync(stack, Alerts);
        NormalRatio = await ValueAsync(stack, $"table:kpi_table_rows_so_far:ratio_to_mean{{{table}}}");

        // A lost batch: every other row of today gone.
        await using var admin = new NpgsqlConnection(stack.Postgres!.SuperUserConnectionString(LocalStack.OrdersDatabase));
        await admin.OpenAsync();
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var midnight = new DateTimeOffset(local.Date, local.Offset).ToUniversalTime();
        await ExecuteAsync(admin, $"DELETE FROM {Table} WHERE created_at >= $1 AND id % 2 = 0", midnight);
        VolumeAlerts = await WaitForAsync(stack, "ALERTS{alertname=\"TableVolumeAnomaly\"}");
        HalvedRatio = await ValueAsync(stack, $"table:kpi_table_rows_so_far:ratio_to_mean{{{table}}}");

        // A migration gone wrong: a column the feeder does not write dropped, another added.
        await ExecuteAsync(admin, $"ALTER TABLE {Table} DROP COLUMN {DroppedColumn}, ADD COLUMN {AddedColumn} text");
        await WaitForAsync(stack, "ALERTS{alertname=\"TableSchemaColumnMissing\"} and on() ALERTS{alertname=\"TableSchemaColumnAdded\"}");
        SchemaAlerts = await SeriesAsync(stack, "ALERTS{alertname=~\"TableSchemaColumn.*\"}");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> WaitForAsync(LocalStack stack, string promql)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var series = await SeriesAsync(stack, promql);
            if (series.Count > 0)
            {
                return series;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"within {Timeout.TotalSeconds} s Prometheus never returned {promql}{Environment.NewLine}{stack.Diagnostics()}"));
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> SeriesAsync(LocalStack stack, string promql) =>
        (await stack.Prometheus.QueryAsync(promql)).EnumerateArray()
            .Select(s => (IReadOnlyDictionary<string, string>)s.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString() ?? "", StringComparer.Ordinal))
            .ToList();

    private static async Task<double> ValueAsync(LocalStack stack, string promql)
    {
        var result = await stack.Prometheus.QueryAsync(promql);
        var series = result.EnumerateArray().ToList();
        series.Count.ShouldBe(1, promql);
        return double.Parse(series[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
