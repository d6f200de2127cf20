namespace KpiMonitoring.LocalServers;

/// <summary>
/// A server's process that a test can kill (SIGKILL, as a crash), stop (SIGTERM, as a service manager) and start again
/// with the same command line, so the server keeps its ports and storage. Its output is kept across restarts, with a
/// marker line where it was killed or stopped. Killed on dispose.
/// </summary>
public sealed class RestartableProcess : IAsyncDisposable
{
    private readonly string _binary;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string? _workingDirectory;
    private readonly string _name;
    private ManagedProcess _process;
    private string _earlierOutput = string.Empty;
    private bool _stopped;

    /// <summary>Starts <paramref name="binary"/> with <paramref name="arguments"/> (it does not wait for anything).</summary>
    public RestartableProcess(string binary, IReadOnlyList<string> arguments, string name, string? workingDirectory = null)
    {
        _binary = binary;
        _arguments = arguments;
        _workingDirectory = workingDirectory;
        _name = name;
        _process = Launch();
    }

    /// <summary>What the process printed so far, across restarts.</summary>
    public string Output => _stopped ? _earlierOutput : _earlierOutput + _process.Output;

    /// <summary>False after <see cref="KillAsync"/> or <see cref="StopAsync"/> until <see cref="RestartAsync"/>, or once it has exited.</summary>
    public bool IsRunning => !_stopped && !_process.HasExited;

    /// <summary>Kills the process as a crash would (SIGKILL: nothing written on the way out).</summary>
    public async Task KillAsync()
    {
        MarkStopped("killed");
        await _process.DisposeAsync();
    }

    /// <summary>Stops the process with SIGTERM and waits up to <paramref name="timeout"/> for it to exit (then kills it and throws).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await _process.TerminateAsync(timeout);
        MarkStopped("stopped");
        await _process.DisposeAsync();
    }

    /// <summary>Starts the process again with the same command line, after killing it if it still runs; does not wait for anything.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            await KillAsync();
        }

        _process = Launch();
        _stopped = false;
    }

    /// <inheritdoc cref="ManagedProcess.WaitForHttpAsync"/>
    public Task WaitForHttpAsync(Uri url, TimeSpan timeout) => _process.WaitForHttpAsync(url, timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private ManagedProcess Launch() => ManagedProcess.Start(_binary, _arguments, _workingDirectory, name: _name);

    private void MarkStopped(string how)
    {
        _earlierOutput += _process.Output + Environment.NewLine + $"--- {how} ---" + Environment.NewLine;
        _stopped = true;
    }
}
