namespace KpiMonitoring.LocalServers;

/// <summary>
/// The built exporter (<c>kpi-exporter.dll</c>, copied next to any project that references exporter/) run as its
/// own process on a free loopback port, as users run it. With <c>KPI_EXPORTER_BINARY</c> set to an executable (the
/// Native AOT build of <c>make publish-aot</c>, <c>exporter/bin/aot/kpi-exporter</c>), every exporter process that
/// a test, a tool or the bench starts is that binary instead.
/// </summary>
public sealed class ExporterProcess : IAsyncDisposable
{
    /// <summary>The variable that selects another exporter binary (a path, absolute or relative to the repository's root).</summary>
    public const string BinaryVariable = "KPI_EXPORTER_BINARY";

    private readonly ManagedProcess _process;

    private ExporterProcess(ManagedProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>host:port, as a Prometheus target.</summary>
    public string Target => $"127.0.0.1:{Port}";

    public Uri BaseAddress => new($"http://{Target}");

    public string Output => _process.Output;

    /// <summary>The operating system's id of the exporter process (for its resident memory in /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the exporter with extra arguments (e.g. <c>--data-dir DIR --mode Replay --seconds-per-hour 2</c>) and waits for /readyz.</summary>
    /// <param name="launcher">A program and its arguments that run <c>dotnet</c> in turn by exec (e.g. <c>setpriv</c> with fewer
    /// privileges), so that the process id is still the exporter's.</param>
    /// <param name="readyPoll">How often /readyz is asked (100 ms unless given; the bench times the start to a few ms).</param>
    public static async Task<ExporterProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null, TimeSpan? readyPoll = null)
    {
        var port = FreePort.Next();
        var process = Launch(["--urls", $"http://127.0.0.1:{port}", .. arguments], environment, launcher);
        var exporter = new ExporterProcess(process, port);
        try
        {
            await process.WaitForHttpAsync(new Uri(exporter.BaseAddress, "/readyz"), TimeSpan.FromSeconds(30), readyPoll);
        }
        catch
        {
            await exporter.DisposeAsync();
            throw;
        }

        return exporter;
    }

    /// <summary>
    /// Starts the exporter with exactly <paramref name="arguments"/> and does not wait for anything (for tests of its
    /// exit codes and messages): <c>dotnet kpi-exporter.dll</c>, or the binary <see cref="BinaryVariable"/> names,
    /// run through <paramref name="launcher"/> when one is given (see <see cref="StartAsync"/>).
    /// </summary>
    public static ManagedProcess Launch(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null)
    {
        if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } binary)
        {
            var path = Path.GetFullPath(binary, RepoPaths.Root);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{BinaryVariable}={binary}: no such file (make publish-aot builds exporter/bin/aot/kpi-exporter)", path);
            }

            return Start([path, .. arguments], environment, launcher);
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "kpi-exporter.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("kpi-exporter.dll is not next to the running assembly; reference exporter/KpiExporter.csproj", dll);
        }

        return Start(["dotnet", dll, .. arguments], environment, launcher);
    }

    private static ManagedProcess Start(IReadOnlyList<string> command, IDictionary<string, string>? environment, IReadOnlyList<string>? launcher)
    {
        string[] line = [.. launcher ?? [], .. command];
        return ManagedProcess.Start(line[0], line[1..], environment: environment, name: "kpi-exporter");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
