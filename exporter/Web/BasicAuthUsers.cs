using System.Security.Cryptography;
using System.Text;

namespace KpiExporter.Web;

/// <summary><c>basic_auth_users</c>: each user's name (kept as a SHA-256 digest, compared in constant time) and bcrypt hash.</summary>
internal sealed class BasicAuthUsers
{
    private readonly (byte[] NameDigest, string Hash)[] _users;

    private BasicAuthUsers((byte[] NameDigest, string Hash)[] users) => _users = users;

    public int Count => _users.Length;

    public static BasicAuthUsers From(IReadOnlyDictionary<string, string> users) =>
        new(users.Select(u => (Digest(u.Key), u.Value)).ToArray());

    /// <summary>
    /// The bcrypt hash of <paramref name="user"/>, or null. Every user is compared, each in constant time, so the
    /// time taken does not tell which name exists.
    /// </summary>
    public string? HashOf(string user)
    {
        var digest = Digest(user);
        string? found = null;
        foreach (var (name, hash) in _users)
        {
            if (CryptographicOperations.FixedTimeEquals(name, digest))
            {
                found = hash;
            }
        }

        return found;
    }

    private static byte[] Digest(string user) => SHA256.HashData(Encoding.UTF8.GetBytes(user));
}
