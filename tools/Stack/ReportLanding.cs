using System.Globalization;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack;

/// <summary>
/// The late data of <see cref="ReportLandingSettings"/> arriving: at <see cref="LandsAt"/> the feeder runs once, as a
/// nightly load would, and writes the last day's transactions into the report's table (today's rows among them), so
/// the table deadline is met after its due time and <c>DeadlineMissed</c> resolves. Stopped with the stack.
/// </summary>
internal sealed class ReportLanding : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private ReportLanding(ReportLandingSettings settings, DateTimeOffset started)
    {
        Settings = settings;
        WarningAt = started + settings.WarningAfter;
        DueAt = started + settings.DueAfter;
        LandsAt = started + settings.LandsAfter;
    }

    public ReportLandingSettings Settings { get; }

    public DateTimeOffset WarningAt { get; }

    public DateTimeOffset DueAt { get; }

    public DateTimeOffset LandsAt { get; }

    /// <summary>The feeder's run: its exit code and output, once it has written.</summary>
    public Task<CommandResult> Landed { get; private set; } = null!;

    /// <summary>Schedules the feeder's run into <see cref="ReportLandingSettings.Table"/> for <paramref name="started"/> + <see cref="ReportLandingSettings.LandsAfter"/>.</summary>
    public static ReportLanding Schedule(ReportLandingSettings settings, DateTimeOffset started, string feederConnectionFile)
    {
        var landing = new ReportLanding(settings, started);
        landing.Landed = landing.RunAsync(feederConnectionFile);
        return landing;
    }

    /// <summary>The deadline as the exporter reads it (<c>Database:Deadlines:N</c>), in the business time zone.</summary>
    public System.Text.Json.Nodes.JsonObject DeadlineSettings(TimeZoneInfo zone) => new()
    {
        ["Name"] = Settings.Deadline,
        ["Database"] = LocalStack.OrdersDatabase,
        ["Table"] = Settings.Table,
        ["Time"] = LocalStack.LocalTime(DueAt, zone),
        ["WarningMinutes"] = (DueAt - WarningAt).TotalMinutes,
        ["MinRows"] = 1,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Landed;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task<CommandResult> RunAsync(string feederConnectionFile)
    {
        var wait = LandsAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _stop.Token);
        }

        return await Command.RunAsync(
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "kpi-feeder.dll"),
                "--table", Settings.Table,
                "--backfill-days", "1",
                "--scale", "10",
                "--shape", RepoPaths.DataFile("checkout_1.csv"),
                "--seed", 43.ToString(CultureInfo.InvariantCulture),
            ],
            new Dictionary<string, string> { ["KPI_FEEDER_CONNECTION_FILE"] = feederConnectionFile },
            TimeSpan.FromMinutes(2));
    }
}
