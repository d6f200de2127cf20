using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace KpiMonitoring.LocalServers.Capture;

/// <summary>
/// A mail server on a free loopback port (the SmtpServer package) that records what it is sent, parsed with
/// MimeKit. It offers AUTH PLAIN and LOGIN without TLS (any credentials pass and are recorded), so the client
/// must not require TLS. <see cref="CaptureServer{TMessage}.FailFirst"/> makes it answer 451 to MAIL FROM: a
/// relay that is down for a while.
/// </summary>
public sealed class SmtpCapture : CaptureServer<SmtpMessage>
{
    private const string MechanismKey = "kpi-capture:auth-mechanism";
    private const string UserKey = "kpi-capture:auth-user";
    private const string PasswordKey = "kpi-capture:auth-password";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer _server = null!;
    private Task _running = Task.CompletedTask;

    private SmtpCapture()
        : base("SMTP")
    {
    }

    public int Port { get; private set; }

    /// <summary>host:port, as Alertmanager's smtp_smarthost wants it.</summary>
    public string Smarthost => $"127.0.0.1:{Port}";

    public static async Task<SmtpCapture> StartAsync()
    {
        var capture = new SmtpCapture();
        try
        {
            await capture.ListenAsync();
            return capture;
        }
        catch
        {
            await capture.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private async Task ListenAsync()
    {
        // The package binds the port it is given: take a free one, and another if a different process won the race.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var options = new SmtpServerOptionsBuilder()
                .ServerName("127.0.0.1")
                .Endpoint(endpoint => endpoint
                    .Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                    .AllowUnsecureAuthentication(true)
                    .AuthenticationRequired(false))
                .Build();
            var services = new ServiceProvider();
            services.Add(new Store(this));
            services.Add(new SenderFilter(this));
            services.Add(new DelegatingUserAuthenticator((context, user, password) =>
            {
                context.Properties[UserKey] = user;
                context.Properties[PasswordKey] = password;
                return true;
            }));
            _server = new SmtpServer.SmtpServer(options, services);
            _server.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, command) =>
            {
                if (command.Command is AuthCommand auth)
                {
                    e.Context.Properties[MechanismKey] = auth.Method.ToString().ToUpperInvariant();
                }
            };
            _running = _server.StartAsync(_stop.Token);
            if (await AcceptsConnectionsAsync())
            {
                return;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"the SMTP capture did not start listening on 127.0.0.1:{Port}", _running.Exception);
            }
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_running.IsCompleted)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        return false;
    }

    private static string? Property(ISessionContext context, string key) =>
        context.Properties.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>Refuses MAIL FROM with 451 while an injected failure applies.</summary>
    private sealed class SenderFilter(SmtpCapture capture) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            var sender = from.AsAddress();
            if (capture.TakeFailure(sender, $"MAIL FROM:<{sender}> answered 451"))
            {
                // 451: local error in processing, try again later (RFC 5321 section 4.2.2).
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 capture: temporarily failing on purpose"));
            }

            return Task.FromResult(true);
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(true);
    }

    /// <summary>Parses each message with MimeKit and records it with its envelope and credentials.</summary>
    private sealed class Store(SmtpCapture capture) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var bytes = buffer.ToArray();
            using var stream = new MemoryStream(bytes);
            var mime = await MimeMessage.LoadAsync(stream, cancellationToken);
            capture.Messages.Add(new SmtpMessage(
                Property(context, MechanismKey),
                Property(context, UserKey),
                Property(context, PasswordKey),
                transaction.From.AsAddress(),
                [.. transaction.To.Select(to => to.AsAddress())],
                Encoding.UTF8.GetString(bytes),
                mime,
                DateTimeOffset.UtcNow));
            return SmtpResponse.Ok;
        }
    }
}
