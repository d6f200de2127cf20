using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>Alertmanager's amtool, offline (config files only). Missing amtool fails the test, it never skips.</summary>
internal static class Amtool
{
    private static string Path => Command.Find("amtool")
        ?? throw new InvalidOperationException("amtool is not installed (Debian package prometheus-alertmanager; run `make deps`).");

    public static Task<CommandResult> CheckConfigAsync(string configFile) =>
        Command.RunAsync(Path, ["check-config", configFile]);

    /// <summary>
    /// `amtool config routes test`: the receivers an alert with <paramref name="labels"/> reaches, comma separated.
    /// With <paramref name="expectedReceivers"/> amtool itself verifies them and exits 1 on a mismatch.
    /// </summary>
    public static Task<CommandResult> RoutesTestAsync(string configFile, IEnumerable<string> labels, string? expectedReceivers = null) =>
        Command.RunAsync(
            Path,
            [
                "config", "routes", "test",
                "--config.file=" + configFile,
                .. expectedReceivers is null ? Array.Empty<string>() : ["--verify.receivers=" + expectedReceivers],
                .. labels,
            ]);
}
