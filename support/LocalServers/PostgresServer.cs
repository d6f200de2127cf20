using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// A throw-away PostgreSQL server for tests and benchmarks: Debian's server binaries (the newest
/// <c>/usr/lib/postgresql/N/bin</c>), <c>initdb</c> on a temporary directory, <c>pg_ctl</c> on a free loopback
/// port. Every connection needs a password (scram-sha-256), so a wrong password fails as it would in production.
/// The data directory survives <see cref="StopAsync"/> so <see cref="StartAsync()"/> can bring the same server back
/// (restart tests). <see cref="DisposeAsync"/> stops it (<c>pg_ctl stop -m immediate</c>) and deletes the directory.
/// Tests run as root in CI and initdb refuses root, so as root the server runs as the <c>postgres</c> system user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The bootstrap superuser created by initdb.</summary>
    public const string SuperUser = "kpi_admin";

    private const string ServiceUser = "postgres";

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asServiceUser;
    private bool _running;

    private PostgresServer(string bin, string root, int port, string superPassword, bool asServiceUser)
    {
        _bin = bin;
        _root = root;
        _asServiceUser = asServiceUser;
        Port = port;
        SuperPassword = superPassword;
    }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    /// <summary>The superuser's password (random per server).</summary>
    public string SuperPassword { get; }

    /// <summary>PostgreSQL's major version, e.g. 15.</summary>
    public int MajorVersion => int.Parse(Path.GetFileName(Path.GetDirectoryName(_bin)!), CultureInfo.InvariantCulture);

    public string DataDirectory => Path.Combine(_root, "data");

    public string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>A connection string for the superuser on database <paramref name="database"/>.</summary>
    public string SuperUserConnectionString(string database = "postgres") => ConnectionString(SuperUser, SuperPassword, database);

    /// <summary>A connection string for any role; pooling is off unless asked for, so a test's connections do not outlive it.</summary>
    public string ConnectionString(string user, string password, string database, bool pooling = false) =>
        $"Host={Host};Port={Port.ToString(CultureInfo.InvariantCulture)};Username={user};Password={password};Database={database};Pooling={(pooling ? "true" : "false")};Timeout=5";

    /// <summary>Whether the server binaries are installed (tests can explain a skip with this).</summary>
    public static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(d => d.Version > 0 && File.Exists(Path.Combine(d.Dir, "bin", "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "bin"))
            .FirstOrDefault();
    }

    /// <summary>
    /// Creates and starts a new server. <paramref name="settings"/> are extra <c>postgresql.conf</c> lines
    /// (e.g. <c>shared_buffers</c> for a benchmark).
    /// </summary>
    public static async Task<PostgresServer> StartNewAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install the 'postgresql' package: make deps)");
        var root = Directory.CreateTempSubdirectory("kpi-pg-").FullName;
        var asServiceUser = Environment.IsPrivilegedProcess;
        var server = new PostgresServer(bin, root, FreePort.Next(), Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant(), asServiceUser);
        try
        {
            await server.InitAsync(settings);
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same data directory and port.</summary>
    public async Task StartAsync()
    {
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"], TimeSpan.FromSeconds(70));
        _running = true;
    }

    /// <summary>
    /// Creates an empty database <paramref name="name"/> owned by the superuser (<c>createdb</c> over loopback), so
    /// one server can hold several (an orders and a payments database, as the exporter's named targets).
    /// </summary>
    public Task CreateDatabaseAsync(string name) =>
        RunRawAsync(
            Path.Combine(_bin, "createdb"),
            [$"--maintenance-db=host={Host} port={Port.ToString(CultureInfo.InvariantCulture)} user={SuperUser} password={SuperPassword} dbname=postgres", name],
            TimeSpan.FromSeconds(60));

    /// <summary>Stops the server at once (clients see their connections drop); the data directory stays.</summary>
    public async Task StopAsync()
    {
        _running = false;
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], TimeSpan.FromSeconds(40));
    }

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (_running || File.Exists(pidFile))
        {
            try
            {
                await StopAsync();
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or System.ComponentModel.Win32Exception)
            {
                // pg_ctl could not stop it: signal the postmaster directly (SIGQUIT is PostgreSQL's immediate
                // shutdown), so no server outlives the test run and the directory is not deleted under it.
                Console.Error.WriteLine($"PostgresServer: pg_ctl stop failed ({ex.Message.Split('\n')[0]}); sending SIGQUIT to the postmaster");
                await QuitPostmasterAsync(pidFile);
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static async Task QuitPostmasterAsync(string pidFile)
    {
        try
        {
            var firstLine = (await File.ReadAllLinesAsync(pidFile)).FirstOrDefault();
            if (!int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                return;
            }

            using var kill = Process.Start("kill", ["-QUIT", pid.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
            {
                await Task.Delay(100);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"PostgresServer: cannot stop the postmaster: {ex.Message}");
        }
    }

    private async Task InitAsync(IReadOnlyDictionary<string, string>? settings)
    {
        var passwordFile = Path.Combine(_root, "superuser.pw");
        await File.WriteAllTextAsync(passwordFile, SuperPassword + "\n");
        if (_asServiceUser)
        {
            await RunRawAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", _root], TimeSpan.FromSeconds(10));
        }

        await RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
            TimeSpan.FromSeconds(60));
        File.Delete(passwordFile);

        var conf = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{_root}'")
            .AppendLine("max_connections = 50")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("log_min_messages = warning")
            .AppendLine("log_connections = off");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"{key} = {value}");
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), conf.ToString());
    }

    private Task RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var path = Path.Combine(_bin, tool);
        return _asServiceUser
            ? RunRawAsync("runuser", ["-u", ServiceUser, "--", path, .. arguments], timeout)
            : RunRawAsync(path, arguments, timeout);
    }

    private async Task RunRawAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // pg_ctl's server inherits the environment; keep the locale predictable and libpq variables out.
        info.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}" +
                $"{await stdout}{await stderr}{Environment.NewLine}server log:{Environment.NewLine}{log}");
        }
    }
}
