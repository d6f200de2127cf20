using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// A child process started by a test (Prometheus, Alertmanager, PostgreSQL, the exporter). Its output is kept
/// for failure messages, and it is killed (with its process tree) on dispose, even when the test failed.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ManagedProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved), last 2000 lines.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static ManagedProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null, string? name = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, name ?? Path.GetFileName(fileName));
        process.OutputDataReceived += (_, e) => managed.Append(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"cannot start {fileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code (kills it after the timeout).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}:{Environment.NewLine}{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits until <paramref name="ready"/> holds, failing early (with the output) if the process exits. Asks every
    /// <paramref name="poll"/> (100 ms unless given; the bench asks every few ms to time a start).
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what, TimeSpan? poll = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before {what}:{Environment.NewLine}{Output}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or System.Net.Sockets.SocketException)
            {
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"{Name} did not reach '{what}' within {timeout}:{Environment.NewLine}{Output}");
    }

    /// <summary>Polls an HTTP URL until it answers 2xx (every <paramref name="poll"/>, 100 ms unless given).</summary>
    public Task WaitForHttpAsync(Uri url, TimeSpan timeout, TimeSpan? poll = null)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return WaitUntilAsync(async () => (await client.GetAsync(url)).IsSuccessStatusCode, timeout, $"answering {url}", poll);
    }

    /// <summary>
    /// Stops the process the way a service manager does: SIGTERM, so that it shuts down cleanly (Alertmanager writes
    /// its notification log and silences to its storage then), and waits for it to exit; killed after the timeout.
    /// </summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        await Command.RunAsync("kill", ["-s", "TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await WaitForExitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>Sends SIGTERM-like stop (Kill of the tree) and waits for exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000)
        {
            _output.TryDequeue(out _);
        }
    }
}
