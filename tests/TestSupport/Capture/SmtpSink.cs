using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KpiMonitoring.TestSupport.Capture;

/// <summary>
/// A minimal SMTP server on a free loopback port that records what it is sent: EHLO/HELO, optional AUTH PLAIN
/// and LOGIN (any credentials pass and are recorded), MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. No TLS, so
/// the client must not require it. <see cref="FailFirst"/> makes it answer 451 to MAIL FROM for a number of
/// sessions: a relay that is down for a while.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private static readonly Encoding Ascii = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpListener _listener;
    private readonly string? _authMechanisms;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Lock _gate = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _failSessionsLeft;

    private SmtpSink(TcpListener listener, string? authMechanisms)
    {
        _listener = listener;
        _authMechanisms = authMechanisms;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>host:port, as Alertmanager's smtp_smarthost wants it.</summary>
    public string Smarthost => $"127.0.0.1:{Port}";

    /// <summary>Messages accepted (DATA answered 250).</summary>
    public CaptureLog<SmtpMessage> Messages { get; } = new();

    /// <summary>One line per command answered with a failure on purpose (<see cref="FailFirst"/>).</summary>
    public CaptureLog<string> Rejections { get; } = new();

    /// <summary>
    /// Starts listening. <paramref name="authMechanisms"/> is advertised in the EHLO answer (e.g. "PLAIN LOGIN");
    /// null advertises no AUTH, so clients send without authenticating.
    /// </summary>
    public static SmtpSink Start(string? authMechanisms = "PLAIN LOGIN")
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sink = new SmtpSink(listener, authMechanisms);
        sink._acceptLoop = sink.AcceptAsync();
        return sink;
    }

    /// <summary>Answers 451 (try again later) to MAIL FROM in the next <paramref name="sessions"/> sessions.</summary>
    public void FailFirst(int sessions) => Interlocked.Add(ref _failSessionsLeft, sessions);

    public Task<IReadOnlyList<SmtpMessage>> WaitForAsync(Func<IReadOnlyList<SmtpMessage>, bool> done, TimeSpan timeout, string what) =>
        Messages.WaitForAsync(done, timeout, "SMTP: " + what);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions, _acceptLoop];
        }

        try
        {
            await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _sessions.RemoveAll(task => task.IsCompleted);
                _sessions.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Ascii, detectEncodingFromByteOrderMarks: false);
            await using var writer = new StreamWriter(stream, Ascii) { NewLine = "\r\n", AutoFlush = true };
            await new Session(this, reader, writer).RunAsync(_stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failSessionsLeft);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failSessionsLeft, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    /// <summary>One SMTP conversation.</summary>
    private sealed class Session(SmtpSink sink, StreamReader reader, StreamWriter writer)
    {
        private string? _authMechanism;
        private string? _authUsername;
        private string? _authPassword;
        private string? _mailFrom;
        private readonly List<string> _rcptTo = [];

        public async Task RunAsync(CancellationToken stop)
        {
            await ReplyAsync("220 127.0.0.1 kpi-capture ESMTP ready");
            while (true)
            {
                var line = await ReadLineAsync(stop);
                if (line is null)
                {
                    return;
                }

                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
                var argument = space < 0 ? string.Empty : line[(space + 1)..].Trim();
                switch (verb)
                {
                    case "EHLO":
                        var extensions = new List<string> { $"127.0.0.1 greets {argument}" };
                        if (sink._authMechanisms is not null)
                        {
                            extensions.Add("AUTH " + sink._authMechanisms);
                        }

                        for (var i = 0; i < extensions.Count; i++)
                        {
                            await ReplyAsync((i == extensions.Count - 1 ? "250 " : "250-") + extensions[i]);
                        }

                        break;
                    case "HELO":
                        await ReplyAsync("250 127.0.0.1");
                        break;
                    case "AUTH":
                        await AuthenticateAsync(argument, stop);
                        break;
                    case "MAIL":
                        if (sink.TakeFailure())
                        {
                            sink.Rejections.Add($"MAIL {argument} answered 451");
                            await ReplyAsync("451 4.3.0 capture: temporarily failing on purpose");
                            break;
                        }

                        _mailFrom = Address(argument);
                        _rcptTo.Clear();
                        await ReplyAsync("250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        if (_mailFrom is null)
                        {
                            await ReplyAsync("503 5.5.1 MAIL first");
                            break;
                        }

                        _rcptTo.Add(Address(argument));
                        await ReplyAsync("250 2.1.5 Ok");
                        break;
                    case "DATA":
                        if (_mailFrom is null || _rcptTo.Count == 0)
                        {
                            await ReplyAsync("503 5.5.1 MAIL and RCPT first");
                            break;
                        }

                        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = await ReadDataAsync(stop);
                        sink.Messages.Add(SmtpMessage.Create(_authMechanism, _authUsername, _authPassword, _mailFrom, [.. _rcptTo], data));
                        _mailFrom = null;
                        _rcptTo.Clear();
                        await ReplyAsync("250 2.0.0 Ok: queued");
                        break;
                    case "RSET":
                        _mailFrom = null;
                        _rcptTo.Clear();
                        await ReplyAsync("250 2.0.0 Ok");
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 Ok");
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await ReplyAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }

        private async Task AuthenticateAsync(string argument, CancellationToken stop)
        {
            var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : string.Empty;
            var initial = parts.Length > 1 ? parts[1] : null;
            if (sink._authMechanisms is null || !sink._authMechanisms.Split(' ').Contains(mechanism, StringComparer.OrdinalIgnoreCase))
            {
                await ReplyAsync("504 5.5.4 Unrecognized authentication type");
                return;
            }

            if (mechanism == "PLAIN")
            {
                if (initial is null)
                {
                    await ReplyAsync("334 ");
                    initial = await ReadLineAsync(stop) ?? string.Empty;
                }

                // authzid NUL authcid NUL password
                var fields = Decode(initial).Split('\0');
                if (fields.Length != 3)
                {
                    await ReplyAsync("501 5.5.2 Malformed PLAIN response");
                    return;
                }

                (_authUsername, _authPassword) = (fields[1], fields[2]);
            }
            else
            {
                if (initial is null)
                {
                    await ReplyAsync("334 " + Convert.ToBase64String(Encoding.ASCII.GetBytes("Username:")));
                    initial = await ReadLineAsync(stop) ?? string.Empty;
                }

                _authUsername = Decode(initial);
                await ReplyAsync("334 " + Convert.ToBase64String(Encoding.ASCII.GetBytes("Password:")));
                _authPassword = Decode(await ReadLineAsync(stop) ?? string.Empty);
            }

            _authMechanism = mechanism;
            await ReplyAsync("235 2.7.0 Authentication successful");
        }

        private async Task<string> ReadDataAsync(CancellationToken stop)
        {
            var data = new StringBuilder();
            while (true)
            {
                var line = await ReadLineAsync(stop) ?? throw new IOException("connection closed inside DATA");
                if (line == ".")
                {
                    return data.ToString();
                }

                // Dot-stuffing: a leading dot was doubled by the client.
                data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
            }
        }

        private async Task<string?> ReadLineAsync(CancellationToken stop)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
            idle.CancelAfter(IdleTimeout);
            return await reader.ReadLineAsync(idle.Token);
        }

        private Task ReplyAsync(string line) => writer.WriteLineAsync(line);

        private static string Address(string argument)
        {
            var open = argument.IndexOf('<', StringComparison.Ordinal);
            var close = argument.IndexOf('>', StringComparison.Ordinal);
            return open >= 0 && close > open ? argument[(open + 1)..close] : argument;
        }

        private static string Decode(string base64)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
            }
            catch (FormatException)
            {
                return string.Empty;
            }
        }
    }
}
