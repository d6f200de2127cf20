using System.Diagnostics;
using System.Text.Json;

namespace KpiMonitoring.Backtest.Tests.Support;

/// <summary>One hour as <c>rules/tools/judge-hours.py</c> judges it (the design-time reference).</summary>
internal sealed record JudgedHour(int Hour, double Today, double Expected, double? Z, string? Alert);

/// <summary>
/// Runs <c>judge()</c> of <c>rules/tools/judge-hours.py</c> on day files and returns its unrounded numbers (the
/// script's own tables round them), per dataset.
/// </summary>
internal static class JudgeHours
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private const string Script = """
        import importlib.util, json, math, sys
        spec = importlib.util.spec_from_file_location("judge_hours", sys.argv[1])
        module = importlib.util.module_from_spec(spec)
        sys.modules["judge_hours"] = module
        spec.loader.exec_module(module)
        thresholds = module.Thresholds([module.EXPORTER_SETTINGS, *([sys.argv[2]] if sys.argv[2] else [])])
        days = {}
        for path in sys.argv[3:]:
            days[module.dataset_name(path)] = [
                {"hour": j.hour, "today": j.today, "expected": j.expected,
                 "z": None if math.isnan(j.zscore) else j.zscore, "alert": j.alert}
                for j in module.judge_day(path, thresholds)]
        print(json.dumps(days))
        """;

    /// <summary>Judges <paramref name="files"/> with the shipped thresholds, under <paramref name="thresholds"/> (an exporter settings file) if given.</summary>
    public static async Task<Dictionary<string, List<JudgedHour>>> RunAsync(string root, IEnumerable<string> files, string? thresholds = null)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Script, Path.Combine(root, "rules", "tools", "judge-hours.py"), thresholds ?? "" }.Concat(files))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start python3");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"judge-hours failed ({process.ExitCode}): {await errors}");
        }

        return JsonSerializer.Deserialize<Dictionary<string, List<JudgedHour>>>(await output, Json)
            ?? throw new InvalidOperationException("judge-hours printed nothing");
    }
}
