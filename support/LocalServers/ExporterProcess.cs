namespace KpiMonitoring.LocalServers;

/// <summary>
/// The built exporter (<c>kpi-exporter.dll</c>, copied next to any project that references exporter/) run as its
/// own process on a free loopback port, as users run it.
/// </summary>
public sealed class ExporterProcess : IAsyncDisposable
{
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
    public static async Task<ExporterProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "kpi-exporter.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("kpi-exporter.dll is not next to the running assembly; reference exporter/KpiExporter.csproj", dll);
        }

        var port = FreePort.Next();
        string[] command = [.. launcher ?? [], "dotnet", dll, "--urls", $"http://127.0.0.1:{port}", .. arguments];
        var process = ManagedProcess.Start(command[0], command[1..], environment: environment, name: "kpi-exporter");
        var exporter = new ExporterProcess(process, port);
        try
        {
            await process.WaitForHttpAsync(new Uri(exporter.BaseAddress, "/readyz"), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await exporter.DisposeAsync();
            throw;
        }

        return exporter;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
