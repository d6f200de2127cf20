using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KpiExporter.Startup;

/// <summary>
/// Tries each listen address before the host starts, so an address in use (or a port the user may not bind) is
/// one clear line and exit code 2 rather than the web server's failure log with its stack trace.
/// </summary>
internal static class ListenCheck
{
    /// <summary>Throws <see cref="IOException"/> naming the first address of the <c>Urls</c> setting that cannot be bound.</summary>
    public static void Check(string? urls)
    {
        foreach (var url in ListenAddresses.Split(urls))
        {
            if (!ListenAddresses.TryParse(url, out var uri) || uri.Port == 0)
            {
                continue;
            }

            foreach (var address in Addresses(uri.Host))
            {
                try
                {
                    using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(address, uri.Port));
                }
                catch (SocketException ex)
                {
                    var why = ex.SocketErrorCode switch
                    {
                        SocketError.AddressAlreadyInUse => "the address is already in use (another process listens there)",
                        SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
                        SocketError.AddressNotAvailable => "no interface of this machine has that address",
                        _ => ex.Message,
                    };
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot listen on {url}: {why}."), ex);
                }
            }
        }
    }

    private static IEnumerable<IPAddress> Addresses(string host) =>
        host == "localhost" ? [IPAddress.Loopback] : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? [ip] : [];
}
