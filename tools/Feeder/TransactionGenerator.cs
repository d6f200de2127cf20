namespace KpiMonitoring.Feeder;

/// <summary>One generated transaction; <paramref name="NullColumn"/> names a column written as NULL (an injected defect).</summary>
internal readonly record struct GeneratedTransaction(
    DateTimeOffset CreatedAt, decimal Amount, string Status, string PaymentMethod, long CustomerId, int MerchantId, string Country, string OrderRef,
    string? NullColumn = null);

/// <summary>
/// Realistic transactions: Poisson arrivals at the daily shape's rate for the local hour, log-normal amounts around
/// 120.00 (median; 90% between ~45 and ~320), statuses approved/declined/refunded at about 90/8/2%.
/// </summary>
internal sealed class TransactionGenerator
{
    private static readonly string[] Methods = ["credit_card", "credit_card", "credit_card", "debit_card", "pix", "pix", "boleto"];
    private static readonly string[] Countries = ["BR", "BR", "BR", "BR", "BR", "BR", "BR", "AR", "CL", "MX"];

    private readonly Random _random;
    private readonly DailyShape _shape;
    private readonly TimeZoneInfo _zone;

    public TransactionGenerator(DailyShape shape, TimeZoneInfo zone, Random random)
    {
        _shape = shape;
        _zone = zone;
        _random = random;
    }

    /// <summary>Expected transactions per hour at <paramref name="at"/> (the local hour's count from the shape).</summary>
    public double RatePerHour(DateTimeOffset at) => _shape.PerHour(TimeZoneInfo.ConvertTime(at, _zone).Hour);

    /// <summary>Arrivals in [from, to) at the shape's rate times <paramref name="speed"/>, in time order.</summary>
    public IEnumerable<GeneratedTransaction> Between(DateTimeOffset from, DateTimeOffset to, double speed, Incidents incidents)
    {
        var list = new List<GeneratedTransaction>();
        var cursor = from;
        while (cursor < to)
        {
            // Split at local hour boundaries (at most one hour a step) so each piece has one rate.
            var next = cursor.AddHours(1);
            var local = TimeZoneInfo.ConvertTime(cursor, _zone);
            var hourEnd = cursor.AddTicks(-(local.Ticks % TimeSpan.TicksPerHour)).AddHours(1);
            if (hourEnd < next)
            {
                next = hourEnd;
            }

            if (next > to)
            {
                next = to;
            }

            var span = next - cursor;
            var expected = RatePerHour(cursor) * speed * span.TotalHours;
            var count = Poisson(expected);
            for (var i = 0; i < count; i++)
            {
                var at = cursor + (span * _random.NextDouble());
                // A volume drop draws only inside its window, so a seeded feed outside one is unchanged.
                if (!incidents.InOutage(at) && incidents.VolumeKept(at) is var kept && (kept >= 1 || _random.NextDouble() < kept))
                {
                    list.Add(One(at, incidents.InRevenueDrop(at)));
                }
            }

            cursor = next;
        }

        return list.OrderBy(t => t.CreatedAt);
    }

    public GeneratedTransaction One(DateTimeOffset at, bool revenueDrop)
    {
        var amount = 120.0 * Math.Exp(0.6 * Normal());
        if (revenueDrop)
        {
            amount /= 2;
        }

        var r = _random.NextDouble();
        var status = r < 0.90 ? "approved" : r < 0.98 ? "declined" : "refunded";
        return new GeneratedTransaction(
            at,
            Math.Round((decimal)Math.Clamp(amount, 1.0, 99_999.0), 2),
            status,
            Methods[_random.Next(Methods.Length)],
            _random.NextInt64(1, 250_001),
            _random.Next(1, 41),
            Countries[_random.Next(Countries.Length)],
            $"ord_{_random.NextInt64():x16}");
    }

    /// <summary>A row with a negative amount (a bad import, a refund booked with the wrong sign).</summary>
    public GeneratedTransaction Bad(DateTimeOffset at) => One(at, revenueDrop: false) with { Amount = -Math.Round((decimal)(10 + (_random.NextDouble() * 200)), 2) };

    /// <summary>A row with NULL in <paramref name="column"/> (one of <see cref="NullableColumns.All"/>).</summary>
    public GeneratedTransaction WithNull(DateTimeOffset at, string column) => One(at, revenueDrop: false) with { NullColumn = column };

    private double Normal() => RandomCounts.Normal(_random);

    private int Poisson(double lambda) => RandomCounts.Poisson(_random, lambda);
}
