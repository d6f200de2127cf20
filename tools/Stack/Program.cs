using System.Globalization;
using System.Runtime.InteropServices;
using KpiMonitoring.Stack;
using KpiMonitoring.LocalServers;

// The no-Docker demo: the whole stack from local binaries, on loopback, until Ctrl-C.
//   dotnet KpiMonitoring.Stack.dll [--seconds-per-hour S] [--start-hour H] [--work-dir DIR] [--no-database] [FILE...]
var secondsPerHour = 10.0;
var startHour = 12;
var workDir = Path.Combine(RepoPaths.Root, ".demo");
var database = true;
var files = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds-per-hour": secondsPerHour = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--start-hour": startHour = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--work-dir": workDir = Path.GetFullPath(args[++i]); break;
        case "--no-database": database = false; break;
        default: files.Add(Path.GetFullPath(args[i])); break;
    }
}

if (files.Count == 0)
{
    files.Add(RepoPaths.DataFile("checkout_2.csv"));
}

using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

Console.WriteLine($"Starting the KPI monitoring stack in {workDir} (replay of {string.Join(", ", files.Select(Path.GetFileName))} at {secondsPerHour} s per hour from hour {startHour:00}) ...");
await using var stack = await LocalStack.StartAsync(
    new StackOptions
    {
        WorkDirectory = workDir,
        DataFiles = files,
        SecondsPerHour = secondsPerHour,
        StartHour = startHour,
        Database = database,
    },
    Console.Out,
    stop.Token);
var log = new NotificationLog(stack, workDir, Console.Out);

Console.WriteLine($"""

    Everything runs on loopback; Ctrl-C stops every process this started.

      Exporter landing page  {stack.Exporter.BaseAddress}
      Exporter metrics       {new Uri(stack.Exporter.BaseAddress, "/metrics")}
      Prometheus             {stack.Prometheus.BaseAddress}  (Alerts: {new Uri(stack.Prometheus.BaseAddress, "/alerts")})
      Alertmanager           {stack.Alertmanager.BaseUrl}
      PostgreSQL             {(stack.Postgres is null ? "off" : $"127.0.0.1:{stack.Postgres.Port}, database {LocalStack.DatabaseName}")}
      Feeder control         {(stack.FeederControl is null ? "off" : $"{stack.FeederControl}  (e.g. curl -X POST '{stack.FeederControl}outage?minutes=90')")}

    Notification sinks (stand-ins for the real services; Alertmanager posts here):
      Slack webhook          {stack.Slack.WebhookUrl}
      PagerDuty Events v2    {stack.PagerDuty.EnqueueUrl}
      SMTP                   {stack.Smtp.Smarthost}
      Heartbeat (Watchdog)   {stack.Heartbeat.BaseUrl}heartbeat
    Notifications land in {log.Folder} and are printed below as they arrive.
    Replay hour 15 of checkout_2 (no checkouts) starts at {stack.ReplayHourStart(15).ToLocalTime():HH:mm:ss}; expect the P1 page a few seconds later.

    """);

try
{
    var lastHour = -1;
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
        var hour = stack.ReplayHour(DateTimeOffset.UtcNow);
        if (hour != lastHour)
        {
            Console.WriteLine($"{DateTimeOffset.Now:HH:mm:ss}  replay    hour {hour:00}");
            lastHour = hour;
        }

        await log.FlushAsync();
    }
}
catch (OperationCanceledException)
{
}

Console.WriteLine("Stopping ...");
return 0;

// Ctrl-C, kill and a closed terminal all stop the stack the same way: every process it started is stopped.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
