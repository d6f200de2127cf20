namespace KpiMonitoring.Feeder;

/// <summary>
/// Random draws shared by the feeder's transactions and the backtest's generated history (this file is compiled
/// into both): a Poisson count for an expected rate, and a standard normal value.
/// </summary>
internal static class RandomCounts
{
    /// <summary>A Poisson draw; above 50 expected, the normal approximation.</summary>
    public static int Poisson(Random random, double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda > 50)
        {
            return Math.Max(0, (int)Math.Round(lambda + (Math.Sqrt(lambda) * Normal(random))));
        }

        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
