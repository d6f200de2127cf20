using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KpiMonitoring.LocalServers;
using KpiMonitoring.LocalServers.Capture;
using Npgsql;

namespace KpiMonitoring.Stack;

/// <summary>
/// The whole monitoring stack from local binaries, on loopback only: notification sinks, Alertmanager rendered
/// from infrastructure/alertmanager, PostgreSQL with the reference schema and the feeder, the exporter replaying
/// checkout days with its database checks, and Prometheus with rules/. Everything it starts, it stops. With a
/// <see cref="StackOptions.CheckoutExport"/> instead: no database, the feeder rewriting a checkout export within
/// the hour and the exporter reading it live.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    public const string ExporterRole = "kpi_exporter";
    /// <summary>
    /// The two databases on the one PostgreSQL server, each with the reference schema: the feeder writes every
    /// transaction to both, as the order in <c>orders</c> and as its payment in <c>payments</c>. The exporter checks
    /// the orders' freshness, volume and data quality in the one and revenue (hourly and the stream) in the other.
    /// </summary>
    public const string OrdersDatabase = "orders";

    /// <inheritdoc cref="OrdersDatabase"/>
    public const string PaymentsDatabase = "payments";
    public const string TransactionsTable = "transactions";

    /// <summary>
    /// Prometheus re-sends firing alerts this often (its default is 1m). Alerts that fire in Prometheus' first
    /// seconds, before it has discovered Alertmanager, are dropped and only sent again after this delay: the
    /// Watchdog, which fires at once, would otherwise reach the heartbeat a minute late.
    /// </summary>
    public static readonly TimeSpan AlertResendDelay = TimeSpan.FromSeconds(10);

    /// <summary>The replica label's values of the two Prometheus servers of the HA stack.</summary>
    public static IReadOnlyList<string> HighAvailabilityReplicas { get; } = ["a", "b"];

    private readonly List<IAsyncDisposable> _started = [];
    private readonly StackOptions _options;
    private readonly TextWriter _log;

    private LocalStack(StackOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
    }

    public SlackCapture Slack { get; private set; } = null!;

    public PagerDutyCapture PagerDuty { get; private set; } = null!;

    public WebhookCapture Heartbeat { get; private set; } = null!;

    public SmtpCapture Smtp { get; private set; } = null!;

    public AlertmanagerServer Alertmanager { get; private set; } = null!;

    /// <summary>Every Alertmanager: the cluster's members with <see cref="StackOptions.HighAvailability"/>, else <see cref="Alertmanager"/>.</summary>
    public IReadOnlyList<AlertmanagerServer> AlertmanagerServers { get; private set; } = [];

    public PostgresServer? Postgres { get; private set; }

    public ManagedProcess? Feeder { get; private set; }

    /// <summary>The feeder's loopback control endpoint (outage, revenue drop, bad rows), when the database runs.</summary>
    public Uri? FeederControl { get; private set; }

    public ExporterProcess Exporter { get; private set; } = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>Every Prometheus: replicas a and b with <see cref="StackOptions.HighAvailability"/>, else <see cref="Prometheus"/>.</summary>
    public IReadOnlyList<PrometheusServer> PrometheusServers { get; private set; } = [];

    /// <summary>When the exporter was started (Prometheus starts right after it).</summary>
    public DateTimeOffset ExporterStarted { get; private set; }

    /// <summary>When the daily summary goes out (<see cref="StackOptions.SummaryAfter"/>), or null.</summary>
    public DateTimeOffset? SummaryAt { get; private set; }

    /// <summary>The morning report's deadline on the stack's clock (<see cref="StackOptions.ReportLanding"/>), or null.</summary>
    public ReportLanding? ReportLanding { get; private set; }

    /// <summary>The hour the exporter judges, read from its /metrics: the replayed hour.</summary>
    public JudgedHourWatch JudgedHour { get; private set; } = null!;

    /// <summary>The output of every process of the stack, for a failing test's message.</summary>
    public string Diagnostics() =>
        $"exporter:{Environment.NewLine}{Exporter.Output}{Environment.NewLine}"
        + string.Concat(PrometheusServers.Select((server, i) => $"prometheus {i}:{Environment.NewLine}{server.Output}{Environment.NewLine}"))
        + string.Concat(AlertmanagerServers.Select((server, i) => $"alertmanager {i}:{Environment.NewLine}{server.Output}{Environment.NewLine}"))
        + $"feeder:{Environment.NewLine}{Feeder?.Output}";

    public string SecretsDirectory => Path.Combine(_options.WorkDirectory, "secrets");

    public static async Task<LocalStack> StartAsync(StackOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        if (options.DataFiles.Count == 0 && options.CheckoutExport is null)
        {
            throw new ArgumentException("the stack needs at least one checkout day to replay, or a checkout export", nameof(options));
        }

        if (options.CheckoutExport is not null && (options.Database || options.DataFiles.Count > 0))
        {
            throw new ArgumentException("a checkout export runs the exporter live, without the database and without replayed days", nameof(options));
        }

        var stack = new LocalStack(options, log);
        try
        {
            await stack.StartAllAsync(cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            var name = _started[i] is ManagedProcess process ? process.Name : _started[i].GetType().Name;
            try
            {
                await _started[i].DisposeAsync();
                await _log.WriteLineAsync($"stopped {name}");
            }
            catch (Exception ex)
            {
                // Keep stopping the others: one component failing to stop must not leave the rest running.
                await _log.WriteLineAsync($"stopping {name} failed: {ex.Message}");
            }
        }

        _started.Clear();
    }

    private T Track<T>(T component)
        where T : IAsyncDisposable
    {
        _started.Add(component);
        return component;
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.WorkDirectory);
        Directory.CreateDirectory(SecretsDirectory);

        Slack = Track(await SlackCapture.StartAsync());
        PagerDuty = Track(await PagerDutyCapture.StartAsync());
        Heartbeat = Track(await WebhookCapture.StartAsync());
        Smtp = Track(await SmtpCapture.StartAsync());
        await StartAlertmanagerAsync(cancellationToken);

        var exporterEnvironment = new Dictionary<string, string>();
        if (_options.Database)
        {
            await StartDatabaseAsync(exporterEnvironment, cancellationToken);
        }

        foreach (var (key, value) in _options.ExporterEnvironment)
        {
            exporterEnvironment[key] = value;
        }

        var dataDir = Path.Combine(_options.WorkDirectory, "data");
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }

        Directory.CreateDirectory(dataDir);
        foreach (var file in _options.DataFiles)
        {
            File.Copy(file, Path.Combine(dataDir, Path.GetFileName(file)));
        }

        string[] mode =
        [
            "--mode", "Replay",
            "--seconds-per-hour", _options.SecondsPerHour.ToString(CultureInfo.InvariantCulture),
            "--start-hour", _options.StartHour.ToString(CultureInfo.InvariantCulture),
        ];
        var firstDataset = _options.DataFiles.Count > 0 ? Path.GetFileNameWithoutExtension(_options.DataFiles[0]) : null;
        if (_options.CheckoutExport is { } export)
        {
            await StartFeederAsync(
                [
                    "--csv-export", Path.Combine(dataDir, export.Dataset + ".csv"),
                    "--refresh-seconds", export.RefreshSeconds.ToString(CultureInfo.InvariantCulture),
                    "--steady-per-hour", export.PerHour.ToString(CultureInfo.InvariantCulture),
                ],
                environment: null);
            mode = ["--mode", "Live"];
            exporterEnvironment["Checkout__MaxAgeSeconds"] = export.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture);
            firstDataset = export.Dataset;
        }

        ExporterStarted = DateTimeOffset.UtcNow;
        var settings = await WriteExporterSettingsAsync(ExporterStarted, cancellationToken);
        string[] config = settings is null ? [] : ["--config", settings];
        Exporter = Track(await ExporterProcess.StartAsync(["--data-dir", dataDir, .. mode, .. config], exporterEnvironment));
        JudgedHour = Track(JudgedHourWatch.Start(
            Exporter.BaseAddress,
            firstDataset!,
            TimeSpan.FromSeconds(Math.Clamp(_options.SecondsPerHour / 60, 0.05, 0.25))));

        if (_options.HighAvailability)
        {
            var alertmanagers = AlertmanagerServers.Select(server => server.Target).ToList();
            var replicas = new List<PrometheusServer>();
            foreach (var replica in HighAvailabilityReplicas)
            {
                replicas.Add(Track(await StartPrometheusAsync(new PrometheusReplica(replica, alertmanagers))));
            }

            PrometheusServers = replicas;
        }
        else
        {
            PrometheusServers = [Track(await StartPrometheusAsync(null))];
        }

        Prometheus = PrometheusServers[0];
    }

    private Task<PrometheusServer> StartPrometheusAsync(PrometheusReplica? replica) =>
        PrometheusServer.StartAsync(
            [Exporter.Target],
            RepoPaths.RuleFiles,
            _options.ScrapeInterval,
            _options.EvaluationInterval,
            alertmanager: replica is null ? Alertmanager.Target : null,
            alertResendDelay: _options.AlertResendDelay,
            replica: replica,
            monitorStack: true);

    private async Task StartAlertmanagerAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(SecretsDirectory, "slack_api_url"), Slack.WebhookUrl.ToString(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(SecretsDirectory, "pagerduty_routing_key"), RandomSecret(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(SecretsDirectory, "smtp_auth_password"), RandomSecret(), cancellationToken);
        var outDir = Path.Combine(_options.WorkDirectory, "alertmanager");
        var environment = new Dictionary<string, string>
        {
            ["SECRETS_DIR"] = SecretsDirectory,
            ["PAGERDUTY_URL"] = PagerDuty.EnqueueUrl.ToString(),
            ["SMTP_SMARTHOST"] = Smtp.Smarthost,
            ["SMTP_REQUIRE_TLS"] = "false",
            ["SMTP_FROM"] = "kpi-alertmanager@localhost",
            ["SMTP_AUTH_USERNAME"] = "kpi-alertmanager",
            ["EMAIL_TO"] = "kpi-oncall@localhost",
            ["HEARTBEAT_URL"] = new Uri(Heartbeat.BaseUrl, "heartbeat").ToString(),
            ["ROUTE_TIMER_DIVISOR"] = _options.RouteTimerDivisor.ToString(CultureInfo.InvariantCulture),
        };
        var script = Path.Combine(RepoPaths.Alertmanager, "render-config.sh");
        var rendered = await Command.RunAsync("bash", [script, outDir], environment);
        if (rendered.ExitCode != 0)
        {
            throw new InvalidOperationException($"render-config.sh failed ({rendered.ExitCode}): {rendered.Output}");
        }

        var config = Path.Combine(outDir, "alertmanager.yml");
        if (_options.HighAvailability)
        {
            AlertmanagerServers = Track(await AlertmanagerCluster.StartAsync(config, 2, _options.Gossip)).Members;
        }
        else
        {
            AlertmanagerServers = [Track(await AlertmanagerServer.StartAsync(config))];
        }

        Alertmanager = AlertmanagerServers[0];
    }

    private async Task StartDatabaseAsync(Dictionary<string, string> exporterEnvironment, CancellationToken cancellationToken)
    {
        Postgres = Track(await PostgresServer.StartNewAsync());
        var exporterPassword = RandomSecret();
        await Postgres.CreateDatabaseAsync(OrdersDatabase);
        await Postgres.CreateDatabaseAsync(PaymentsDatabase);

        // Generous timeouts: on a machine busy with other builds a 5 s connect can fail, and the feeder then exits.
        const string feederTimeouts = ";Timeout=30;Command Timeout=120";
        var feederConnection = Path.Combine(SecretsDirectory, "feeder_connection");
        await File.WriteAllTextAsync(feederConnection, Postgres.SuperUserConnectionString(OrdersDatabase) + feederTimeouts, cancellationToken);
        var feederPayments = Path.Combine(SecretsDirectory, "feeder_payments_connection");
        await File.WriteAllTextAsync(feederPayments, Postgres.SuperUserConnectionString(PaymentsDatabase) + feederTimeouts, cancellationToken);
        await StartFeederAsync(
            [
                "--init-schema",
                "--backfill-days", _options.BackfillDays.ToString(CultureInfo.InvariantCulture),
                "--scale", _options.FeederScale.ToString(CultureInfo.InvariantCulture),
                "--shape", RepoPaths.DataFile("checkout_1.csv"),
                "--live",
            ],
            new Dictionary<string, string> { ["KPI_FEEDER_CONNECTION_FILE"] = feederConnection, ["KPI_FEEDER_PAYMENTS_CONNECTION_FILE"] = feederPayments });

        // The report's table of the deadline demo, in the orders database: empty until the feeder loads it (ReportLanding).
        if (_options.ReportLanding is { } landing)
        {
            await using var admin = new NpgsqlConnection(Postgres.SuperUserConnectionString(OrdersDatabase));
            await admin.OpenAsync(cancellationToken);
            await ExecuteAsync(admin, $"CREATE TABLE {landing.Table} (LIKE {TransactionsTable} INCLUDING ALL)", cancellationToken);
        }

        // The feeder has created the schema: the exporter's role as in production (SELECT on its tables only,
        // read-only, a connection limit), granted in each database; one connection file per database.
        foreach (var database in new[] { OrdersDatabase, PaymentsDatabase })
        {
            await CreateExporterRoleAsync(database, exporterPassword, cancellationToken);
            var exporterConnection = Path.Combine(SecretsDirectory, $"exporter_{database}_connection");
            await File.WriteAllTextAsync(exporterConnection, Postgres.ConnectionString(ExporterRole, exporterPassword, database), cancellationToken);
            exporterEnvironment[$"Database__Targets__{database}__ConnectionStringFile"] = exporterConnection;
            exporterEnvironment[$"Database__Targets__{database}__MaxPoolSize"] = "4";
        }

        var interval = _options.DatabaseIntervalSeconds.ToString(CultureInfo.InvariantCulture);
        exporterEnvironment["Database__IntervalSeconds"] = interval;
        exporterEnvironment["Database__Tables__0__Name"] = TransactionsTable;
        exporterEnvironment["Database__Tables__0__Database"] = OrdersDatabase;
        exporterEnvironment["Database__DataQuality__0__Name"] = TransactionsTable;
        exporterEnvironment["Database__DataQuality__0__Database"] = OrdersDatabase;
        exporterEnvironment["Database__DataQuality__0__RequiredColumns__0"] = "customer_id";
        exporterEnvironment["Database__VolumeAnomalies__0__Name"] = TransactionsTable;
        exporterEnvironment["Database__VolumeAnomalies__0__Database"] = OrdersDatabase;
        exporterEnvironment["Database__DuplicateKeys__0__Name"] = TransactionsTable;
        exporterEnvironment["Database__DuplicateKeys__0__Database"] = OrdersDatabase;
        exporterEnvironment["Database__DuplicateKeys__0__KeyColumn"] = "order_ref";
        exporterEnvironment["Database__Schemas__0__Name"] = TransactionsTable;
        exporterEnvironment["Database__Schemas__0__Database"] = OrdersDatabase;
        foreach (var (column, type) in ReferenceSchema.TransactionsColumns)
        {
            exporterEnvironment[$"Database__Schemas__0__ExpectedColumns__{column}"] = type;
        }
        exporterEnvironment["Database__Revenue__0__Name"] = TransactionsTable;
        exporterEnvironment["Database__Revenue__0__Database"] = PaymentsDatabase;
        exporterEnvironment["Database__Revenue__0__RevenueStatus"] = "approved";
        exporterEnvironment["Database__Revenue__0__CurrencyColumn"] = "currency";
        for (var i = 0; i < _options.RevenueStreams.Count; i++)
        {
            foreach (var (key, value) in _options.RevenueStreams[i].Environment(i))
            {
                exporterEnvironment[key] = value;
            }
        }
    }

    /// <summary>Starts the feeder with its control endpoint and waits until it writes live.</summary>
    private async Task StartFeederAsync(IReadOnlyList<string> arguments, IDictionary<string, string>? environment)
    {
        var controlPort = FreePort.Next();
        var feederDll = Path.Combine(AppContext.BaseDirectory, "kpi-feeder.dll");
        Feeder = Track(ManagedProcess.Start(
            "dotnet",
            [
                feederDll, .. arguments,
                "--control-port", controlPort.ToString(CultureInfo.InvariantCulture),
                "--seed", "42",
                .. _options.FeederArguments,
            ],
            environment: environment,
            name: "kpi-feeder"));
        await Feeder.WaitUntilAsync(() => Task.FromResult(Feeder.Output.Contains("control endpoint on", StringComparison.Ordinal)), TimeSpan.FromSeconds(120), "writing live");
        FeederControl = new Uri($"http://127.0.0.1:{controlPort}/");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task CreateExporterRoleAsync(string database, string password, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepoPaths.Root, "infrastructure", "postgres", "exporter-role.sql");
        var run = await Command.RunAsync(
            "psql",
            [
                "-h", Postgres!.Host, "-p", Postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", PostgresServer.SuperUser, "-d", database,
                "-v", "ON_ERROR_STOP=1", "-v", $"password={password}", "-v", $"tables={string.Join(',', ExporterTables(database))}", "-f", script,
            ],
            new Dictionary<string, string> { ["PGPASSWORD"] = Postgres.SuperPassword },
            TimeSpan.FromMinutes(1));
        cancellationToken.ThrowIfCancellationRequested();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"exporter-role.sql failed ({run.ExitCode}): {run.Output}");
        }
    }

    private static string RandomSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A local time of day as the exporter's settings take it: HH:mm:ss in <paramref name="zone"/>.</summary>
    internal static string LocalTime(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private IEnumerable<string> ExporterTables(string database) =>
        _options.ReportLanding is { } landing && database == OrdersDatabase ? [TransactionsTable, landing.Table] : [TransactionsTable];

    /// <summary>
    /// The exporter's --config file: <see cref="StackOptions.ExporterSettings"/> with the summary and the report's
    /// deadline placed relative to <paramref name="started"/> in the business time zone; null when there is nothing to write.
    /// </summary>
    private async Task<string?> WriteExporterSettingsAsync(DateTimeOffset started, CancellationToken cancellationToken)
    {
        if (_options.ExporterSettings is null && _options.SummaryAfter is null && _options.ReportLanding is null)
        {
            return null;
        }

        var root = _options.ExporterSettings is { } file
            ? JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken))!.AsObject()
            : [];
        var checkout = Section(root, "Checkout");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(checkout["TimeZone"]?.GetValue<string>() ?? "UTC");
        if (_options.SummaryAfter is { } after)
        {
            SummaryAt = started + after;
            Section(checkout, "Summary")["Time"] = LocalTime(SummaryAt.Value, zone);
            Section(checkout, "Summary")["ActiveMinutes"] = _options.SummaryActive.TotalMinutes;
        }

        if (_options.ReportLanding is { } landing && Postgres is not null)
        {
            ReportLanding = Track(Stack.ReportLanding.Schedule(landing, started, Path.Combine(SecretsDirectory, "feeder_connection")));
            var database = Section(root, "Database");
            if (database["Deadlines"] is not JsonArray deadlines)
            {
                database["Deadlines"] = deadlines = [];
            }

            deadlines.Add(ReportLanding.DeadlineSettings(zone));
        }

        var path = Path.Combine(_options.WorkDirectory, "exporter-settings.json");
        await File.WriteAllTextAsync(path, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        return path;
    }

    private static JsonObject Section(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject section)
        {
            parent[name] = section = [];
        }

        return section;
    }
}
