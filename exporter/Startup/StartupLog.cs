using KpiExporter.Configuration;
using KpiExporter.Judging;
using KpiExporter.Metrics;
using KpiExporter.Sources.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Startup;

/// <summary>
/// The first lines an operator reads: version and addresses, the mode, the business time zone and the hour being
/// judged, and each source as configured. Each source then logs its own loads and checks.
/// </summary>
internal sealed partial class StartupLog
{
    private readonly CheckoutOptions _checkout;
    private readonly DatabaseOptions _database;
    private readonly JudgedHourClock _clock;
    private readonly ILogger<StartupLog> _logger;

    public StartupLog(IOptions<CheckoutOptions> checkout, IOptions<DatabaseOptions> database, JudgedHourClock clock, ILogger<StartupLog> logger)
    {
        _checkout = checkout.Value;
        _database = database.Value;
        _clock = clock;
        _logger = logger;
    }

    public void Write(IEnumerable<string> urls)
    {
        var addresses = string.Join(", ", urls);
        var hour = _clock.JudgedHour();
        var directory = _checkout.FullDataDir;
        var maxAge = _checkout.Mode == CheckoutMode.Live ? $"{_checkout.MaxAgeSeconds:0.###} s" : "not exported in replay mode";
        Started(_logger, ExporterInfo.Name, ExporterInfo.BuildVersion, addresses);
        Judging(_logger, _checkout.Mode, _checkout.TimeZone, hour);
        CheckoutSource(_logger, directory, maxAge);
        if (_database.Enabled)
        {
            var targets = _database.ResolvedTargets();
            foreach (var target in targets)
            {
                var entries = _database.Checks.Where(c => DatabaseOptions.TargetOf(c, targets) == target.Name).ToList();
                var checks = entries.Sum(c => c.CheckCount);
                var names = string.Join(", ", entries.Select(c => $"{c.Key} ({c.Name})"));
                DatabaseSource(_logger, target.Name, target.ConnectionSource, checks, _database.TimeZone, names);
            }
        }
        else
        {
            NoDatabase(_logger);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Name} {Version} listening on {Urls}")]
    private static partial void Started(ILogger logger, string name, string version, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Mode {Mode}, business time zone {TimeZone}, judging hour {Hour:00} now")]
    private static partial void Judging(ILogger logger, CheckoutMode mode, string timeZone, int hour);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Source checkout_csv: data directory {Directory}, maximum file age {MaxAge}")]
    private static partial void CheckoutSource(ILogger logger, string directory, string maxAge);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Source database {Database} (connection from {Connection}): {Checks} checks in time zone {TimeZone}: {Entries}")]
    private static partial void DatabaseSource(ILogger logger, string database, string connection, int checks, string timeZone, string entries);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Source database: off (no Database:Targets, Database:ConnectionString or Database:ConnectionStringFile)")]
    private static partial void NoDatabase(ILogger logger);
}
