using BenchmarkDotNet.Attributes;
using KpiExporter.Web;

namespace KpiMonitoring.Bench.Web;

/// <summary>
/// What a scrape with basic auth costs: bcrypt at cost 10 (the first request with a password, or every request
/// without the cache) against a remembered verification (every later scrape with the same credentials).
/// </summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(10)]
public class BasicAuthBenchmarks
{
    private const string Password = "correct horse battery staple";
    private readonly BasicAuthUsers _users = BasicAuthUsers.From(new Dictionary<string, string> { ["prometheus"] = BCrypt.Net.BCrypt.HashPassword(Password, 10) });
    private readonly BasicAuthVerifier _warm = new();

    [GlobalSetup]
    public void Setup()
    {
        if (!_warm.Verify(_users, "prometheus", Password))
        {
            throw new InvalidOperationException("the benchmark's password does not verify");
        }
    }

    [Benchmark(Baseline = true, Description = "bcrypt cost 10 (first request)")]
    public bool Uncached() => new BasicAuthVerifier().Verify(_users, "prometheus", Password);

    [Benchmark(Description = "remembered (later scrapes)")]
    public bool Cached() => _warm.Verify(_users, "prometheus", Password);

    [Benchmark(Description = "wrong password (bcrypt, never cached)")]
    public bool Wrong() => _warm.Verify(_users, "prometheus", "wrong");
}
