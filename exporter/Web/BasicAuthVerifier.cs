using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace KpiExporter.Web;

/// <summary>
/// Checks a user and password against <c>basic_auth_users</c>. bcrypt is slow on purpose (tens of milliseconds at
/// cost 10); Prometheus presents the same credentials every scrape, so a verified triple (user, password, the bcrypt
/// hash it matched) is remembered. The cache key is an HMAC of the triple under a random per-process key: nothing
/// in memory reveals a password, and a changed hash (a new password in the file) never matches an old entry. Only
/// successes are cached (bounded by the users' own credentials, not by what strangers send); an unknown user is
/// checked against a dummy hash so that it takes as long as a known one with a wrong password.
/// </summary>
internal sealed class BasicAuthVerifier
{
    private const int MaxCached = 256;

    private static readonly Lazy<string> DummyHash = new(() => BCrypt.Net.BCrypt.HashPassword(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), 10));

    // Drawn at the first check: without basic_auth_users the process never loads the cryptography libraries.
    private readonly Lazy<byte[]> _cacheKey = new(() => RandomNumberGenerator.GetBytes(32));
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    public bool Verify(BasicAuthUsers users, string user, string password)
    {
        var hash = users.HashOf(user);
        var key = CacheKey(user, password, hash ?? "");
        if (hash is not null && _verified.ContainsKey(key))
        {
            return true;
        }

        var matches = BCrypt.Net.BCrypt.Verify(password, hash ?? DummyHash.Value);
        if (!matches || hash is null)
        {
            return false;
        }

        if (_verified.Count >= MaxCached)
        {
            _verified.Clear();
        }

        _verified[key] = true;
        return true;
    }

    private string CacheKey(string user, string password, string hash)
    {
        var triple = Encoding.UTF8.GetBytes($"{user.Length}:{user}{password.Length}:{password}{hash}");
        try
        {
            return Convert.ToBase64String(HMACSHA256.HashData(_cacheKey.Value, triple));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(triple);
        }
    }
}
