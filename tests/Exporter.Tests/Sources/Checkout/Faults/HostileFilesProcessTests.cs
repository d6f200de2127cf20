using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;
using Xunit.Abstractions;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// The exporter as users run it, as its own process: hostile files dropped into its data directory while it runs
/// are refused with their reasons, and its resident memory stays within <see cref="MemoryBoundBytes"/> of what it
/// was before them. The file that may not be read is denied by the real file system: when the tests run as root,
/// the exporter runs without root's permission override (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH).
/// </summary>
public sealed class HostileFilesProcessTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;

    /// <summary>Checkout:MaxFileBytes for this run: raised from 1 MiB so that the 10 MB line and the 100,000 rows are read.</summary>
    private const long MaxFileBytes = 16 * MiB;

    /// <summary>
    /// How much the exporter's resident peak may rise while it refuses the files below: a load holds at most
    /// Checkout:MaxFileBytes of a file and its decoded UTF-16 text (3 x 16 MiB), plus 16 MiB for the runtime's own
    /// growth. Reading the 200 MB file whole, as the exporter once did, takes about 600 MB (its bytes and its text).
    /// </summary>
    public const long MemoryBoundBytes = (3 * MaxFileBytes) + (16 * MiB);

    private readonly TempDirectory _dir = new("kpi-hostile-process-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_running_exporter_refuses_hostile_files_with_their_reasons_and_its_memory_stays_bounded()
    {
        _dir.Write("good.csv", HostileDirectory.Day(24, today: 7));
        var root = EffectiveUserId() == 0;
        await using var exporter = await ExporterProcess.StartAsync(
            ["--data-dir", _dir.Path, $"--Checkout:MaxFileBytes={MaxFileBytes}", "--Checkout:DebounceMilliseconds=50", "--Checkout:RescanIntervalSeconds=1"],
            launcher: root ? ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"] : null);
        using var client = new HttpClient { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).ShouldContain("kpi_checkout_judged_hour_transactions{dataset=\"good\"} 7");
        await File.WriteAllTextAsync($"/proc/{exporter.ProcessId}/clear_refs", "5"); // resets the resident peak (VmHWM)
        var before = Kilobytes(exporter.ProcessId, "VmRSS") * 1024;

        await DropHostileFilesAsync();
        var expected = new Dictionary<string, string>
        {
            ["huge"] = LoadErrorReason.FileTooLarge,
            ["long_line"] = LoadErrorReason.LineTooLong,
            ["rows"] = LoadErrorReason.DuplicateHour,
            ["random"] = LoadErrorReason.BinaryContent,
            ["locked"] = LoadErrorReason.PermissionDenied,
        };
        Dictionary<string, string?> reasons = [];
        await Eventually.TrueAsync(
            async () =>
            {
                reasons = await ReasonsAsync(client);
                return expected.All(e => reasons.GetValueOrDefault(e.Key) == e.Value);
            },
            TimeSpan.FromSeconds(60),
            "the exporter did not refuse every hostile file with its reason");

        var peak = Kilobytes(exporter.ProcessId, "VmHWM") * 1024;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resident before {before / (double)MiB:F1} MiB, peak while refusing {peak / (double)MiB:F1} MiB, rise {(peak - before) / (double)MiB:F1} MiB (bound {MemoryBoundBytes / MiB} MiB)"));
        reasons.GetValueOrDefault("good").ShouldBeNull("the good dataset is unaffected");
        (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).ShouldContain("kpi_checkout_judged_hour_transactions{dataset=\"good\"} 7");
        (peak - before).ShouldBeLessThan(MemoryBoundBytes, $"resident peak {peak:N0} bytes, {before:N0} before the hostile files");
        exporter.Output.ShouldContain("locked.csv");
    }

    /// <summary>A 200 MB file (sparse), a single 10 MB line, 100,000 rows, random bytes and a file no one may read.</summary>
    private async Task DropHostileFilesAsync()
    {
        using (var huge = new FileStream(_dir.File("huge.csv"), FileMode.Create, FileAccess.Write))
        {
            huge.Write(Encoding.UTF8.GetBytes(HostileDirectory.Day(24)));
            huge.SetLength(200 * MiB);
        }

        var line = new byte[10 * MiB];
        line.AsSpan().Fill((byte)'7');
        File.WriteAllBytes(_dir.File("long_line.csv"), line);

        var rows = new StringBuilder(HostileDirectory.Header).Append('\n');
        for (var row = 0; row < 100_000; row++)
        {
            rows.Append((row % 24).ToString("00", CultureInfo.InvariantCulture)).Append("h,5,1,1,1,1\n");
        }

        File.WriteAllText(_dir.File("rows.csv"), rows.ToString());

        var random = new byte[256 * 1024];
        new Random(12).NextBytes(random);
        File.WriteAllBytes(_dir.File("random.csv"), random);

        var locked = _dir.Write("locked.tmp", HostileDirectory.Day(24));
        (await Command.RunAsync("chmod", ["000", locked])).ExitCode.ShouldBe(0);
        File.Move(locked, _dir.File("locked.csv"));
    }

    /// <summary>Each checkout dataset's last error reason in GET /api/v1/status (null while it is OK).</summary>
    private static async Task<Dictionary<string, string?>> ReasonsAsync(HttpClient client)
    {
        using var status = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/status", UriKind.Relative)));
        return status.RootElement.GetProperty("sources").EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == CheckoutFileLoader.Kind)
            .ToDictionary(
                s => s.GetProperty("name").GetString()!,
                s => s.GetProperty("state").GetString() == "FAILING" ? s.GetProperty("last_error_reason").GetString() : null);
    }

    /// <summary>A "Vm...: N kB" figure of /proc/PID/status, in kB.</summary>
    private static long Kilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>This process's effective user id (the second figure of "Uid:" in /proc/self/status).</summary>
    private static uint EffectiveUserId() =>
        uint.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
}
