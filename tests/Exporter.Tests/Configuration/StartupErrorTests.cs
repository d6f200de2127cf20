using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiExporter.Tests.Configuration;

public sealed class StartupErrorTests
{
    private static async Task<(int ExitCode, string Output)> RunExporterAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "kpi-exporter.dll");
        await using var process = ManagedProcess.Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{FreePort.Next()}", .. args]);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, process.Output);
    }

    [Fact]
    public async Task Missing_data_directory_stops_start_up_with_the_key_and_a_non_zero_exit_code()
    {
        var (exitCode, output) = await RunExporterAsync("--data-dir", "/no/such/dir");

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:DataDir = '/no/such/dir'");
    }

    [Fact]
    public async Task Non_positive_seconds_per_hour_and_unknown_time_zone_are_both_reported()
    {
        var (exitCode, output) = await RunExporterAsync("--data-dir", RepoPaths.Data, "--mode", "Replay", "--seconds-per-hour", "0", "--time-zone", "Nowhere/City");

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:Replay:SecondsPerHour = '0'");
        output.ShouldContain("Checkout:TimeZone = 'Nowhere/City'");
    }

    [Fact]
    public async Task Unknown_mode_names_the_key_and_value()
    {
        var (exitCode, output) = await RunExporterAsync("--data-dir", RepoPaths.Data, "--mode", "Sometimes");

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:Mode");
        output.ShouldContain("Sometimes");
    }
}
