using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using KpiMonitoring.LocalServers;
using KpiMonitoring.Stack;
using KpiMonitoring.Tools;

// The no-Docker demo: the whole stack from local binaries, on loopback, until Ctrl-C.
//   dotnet KpiMonitoring.Stack.dll [--seconds-per-hour S] [--start-hour H] [--work-dir DIR] [--no-database] [--ha] [FILE...]
// Or a measurement of how fast a stop of sales pages (see TimeToDetectCommand):
//   dotnet KpiMonitoring.Stack.dll --time-to-detect RATE [--trials N] [--slot-seconds S] [--csv [--refresh-seconds S]]
if (args.Length > 0 && args[0] == "--time-to-detect")
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await TimeToDetectCommand.RunAsync(args, Console.Out, cancel.Token);
}

const double DemoSalesPerHour = 3600;
var filesArgument = ToolCommandLine.Files("FILE", "checkout days the exporter replays, one dataset each (default data/checkout_2.csv)");
var secondsPerHourOption = ToolCommandLine.Number("--seconds-per-hour", "wall-clock seconds per replayed hour", defaultValue: 10, min: 0.1, helpName: "S");
var startHourOption = ToolCommandLine.Integer("--start-hour", "the hour the replay starts at", defaultValue: 12, min: 0, max: 23, helpName: "H");
var workDirOption = new Option<string>("--work-dir")
{
    Description = "where the stack keeps its files (rendered configuration, secrets, data copies, notifications)",
    HelpName = "DIR",
    DefaultValueFactory = _ => Path.Combine(RepoPaths.Root, ".demo"),
};
var noDatabaseOption = new Option<bool>("--no-database") { Description = "run without PostgreSQL, the feeder and the exporter's database checks" };
var haOption = new Option<bool>("--ha")
{
    Description = "two Prometheus replicas and two clustered Alertmanagers instead of one of each (docs/architecture.md, High availability)",
};
var command = new RootCommand("The whole KPI monitoring stack from local binaries, on loopback, until Ctrl-C (make demo).")
{
    filesArgument, secondsPerHourOption, startHourOption, workDirOption, noDatabaseOption, haOption,
};
command.SetAction((result, _) =>
{
    var files = (result.GetValue(filesArgument) ?? []).Select(Path.GetFullPath).ToList();
    return RunAsync(new StackOptions
    {
        WorkDirectory = Path.GetFullPath(result.GetRequiredValue(workDirOption)),
        DataFiles = files.Count > 0 ? files : [RepoPaths.DataFile("checkout_2.csv")],
        SecondsPerHour = result.GetRequiredValue(secondsPerHourOption),
        StartHour = result.GetRequiredValue(startHourOption),
        Database = !result.GetValue(noDatabaseOption),
        HighAvailability = result.GetValue(haOption),

        // A steady 3,600 sales an hour, so the feeder's outage endpoint shows the fast revenue alert at a known
        // limit: k/λ = 16 s (README, "Time to detect"). One week of history is enough for the demo.
        FeederArguments = ["--steady-per-hour", SteadyFeedStack.TransactionsPerHour(DemoSalesPerHour).ToString(CultureInfo.InvariantCulture)],
        RevenueStreams = [new RevenueStreamSettings { HistoryWeeks = 1 }],

        // The bundled deadlines (three check-ins on the CSV, the morning report's SLA on the feeder's table) and the
        // summary, on the wall clock; and, so that a run shows them within minutes, the report's deadline and the
        // summary moved onto the run's own clock (README, "What the demo shows of deadlines and the summary").
        ExporterSettings = Path.Combine(RepoPaths.Root, "tools", "Stack", "demo-settings.json"),
        ReportLanding = result.GetValue(noDatabaseOption) ? null : new ReportLandingSettings(),
        SummaryAfter = TimeSpan.FromMinutes(5),
    });
});
return await ToolCommandLine.InvokeAsync(command, args, "stack", Console.Out, Console.Error);

async Task<int> RunAsync(StackOptions options)
{
    using var stop = new CancellationTokenSource();
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

    Console.WriteLine($"Starting the KPI monitoring stack in {options.WorkDirectory} (replay of {string.Join(", ", options.DataFiles.Select(Path.GetFileName))} at {options.SecondsPerHour} s per hour from hour {options.StartHour:00}) ...");
    await using var stack = await LocalStack.StartAsync(options, Console.Out, stop.Token);
    var log = new NotificationLog(stack, options.WorkDirectory, Console.Out);

    Console.WriteLine($"""

        Everything runs on loopback; Ctrl-C stops every process this started.

          Exporter landing page  {stack.Exporter.BaseAddress}
          Exporter metrics       {new Uri(stack.Exporter.BaseAddress, "/metrics")}
          Prometheus             {string.Join("  ", stack.PrometheusServers.Select(p => p.BaseAddress))}  (Alerts: {new Uri(stack.Prometheus.BaseAddress, "/alerts")})
          Alertmanager           {string.Join("  ", stack.AlertmanagerServers.Select(a => a.BaseUrl))}{(options.HighAvailability ? "  (one cluster; Status shows its members)" : "")}
          PostgreSQL             {(stack.Postgres is null ? "off" : $"127.0.0.1:{stack.Postgres.Port}, databases {LocalStack.OrdersDatabase} and {LocalStack.PaymentsDatabase}")}
          Feeder control         {(stack.FeederControl is null ? "off" : $"{stack.FeederControl}  (e.g. curl -X POST '{stack.FeederControl}outage?minutes=90')")}

        Notification sinks (stand-ins for the real services; Alertmanager posts here):
          Slack webhook          {stack.Slack.WebhookUrl}
          PagerDuty Events v2    {stack.PagerDuty.EnqueueUrl}
          SMTP                   {stack.Smtp.Smarthost}
          Heartbeat (Watchdog)   {stack.Heartbeat.BaseUrl}heartbeat
        Notifications land in {log.Folder} and are printed below as they arrive.
        Hour 15 of checkout_2 has no checkouts: expect the P1 page a few seconds after the replay reaches it.{DemoSchedule(stack)}
        The feeder sells a steady {DemoSalesPerHour:F0} an hour: stop it with the outage command above and RevenueSilence (P1)
        pages within about 35 s (k/λ = 16 s, the check every 5 s, scrape and evaluation 1 s each, group_wait 10 s).

        """);

    try
    {
        var hoursShown = 0;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            var hours = stack.JudgedHour.Entries.Snapshot();
            foreach (var entry in hours.Skip(hoursShown))
            {
                Console.WriteLine($"{entry.At.ToLocalTime():HH:mm:ss}  replay    hour {entry.Hour:00}");
            }

            hoursShown = hours.Count;
            await log.FlushAsync();
        }
    }
    catch (OperationCanceledException)
    {
    }

    Console.WriteLine("Stopping ...");
    return 0;

    // The deadline and the summary on the run's clock, as the banner announces them.
    static string DemoSchedule(LocalStack stack)
    {
        var lines = new List<string>();
        if (stack.ReportLanding is { } landing)
        {
            lines.Add($"Deadline {landing.Settings.Deadline} (the report's data must be in table {landing.Settings.Table}): at risk (P2) from {landing.WarningAt.ToLocalTime():HH:mm:ss},");
            lines.Add($"missed (P1) at {landing.DueAt.ToLocalTime():HH:mm:ss}; the feeder loads the table at {landing.LandsAt.ToLocalTime():HH:mm:ss} and the P1 resolves.");
        }

        if (stack.SummaryAt is { } summary)
        {
            lines.Add($"Daily summary at {summary.ToLocalTime():HH:mm:ss}: one Slack message (its text also in notifications/summary.txt) and one email, none to PagerDuty.");
        }

        return string.Concat(lines.Select(line => Environment.NewLine + line));
    }

    // Ctrl-C, kill and a closed terminal all stop the stack the same way: every process it started is stopped.
    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
