using Npgsql;
using NpgsqlTypes;

namespace KpiMonitoring.Feeder;

/// <summary>
/// Writes generated transactions with binary COPY (fast enough for months of backfill), to every database given:
/// with an orders and a payments database, each transaction lands in both (the order and its payment). The most
/// recent rows written are kept (<see cref="Recent"/>), so that a duplicate injection can write them again.
/// </summary>
internal sealed class TransactionWriter
{
    private readonly IReadOnlyList<NpgsqlDataSource> _dataSources;
    private readonly string _copy;
    private readonly Queue<GeneratedTransaction> _recent = new();

    public TransactionWriter(IReadOnlyList<NpgsqlDataSource> dataSources, string table)
    {
        _dataSources = dataSources;
        var quoted = string.Join('.', table.Split('.').Select(p => $"\"{p}\""));
        _copy = $"COPY {quoted} (created_at, amount, currency, status, payment_method, customer_id, merchant_id, country, order_ref) FROM STDIN (FORMAT BINARY)";
    }

    /// <summary>How many of the last rows written are kept for <see cref="Recent"/>.</summary>
    public const int RecentCapacity = 10_000;

    /// <summary>Up to <paramref name="count"/> of the rows written last, newest first, whose order reference was written once.</summary>
    public IReadOnlyList<GeneratedTransaction> Recent(int count)
    {
        lock (_recent)
        {
            // Only well-formed rows whose order is on one row yet: a copy of a copy would not add a duplicated key.
            return _recent.Reverse()
                .Where(r => r.NullColumn is null && r.Amount >= 0)
                .GroupBy(r => r.OrderRef, StringComparer.Ordinal)
                .Where(g => g.Count() == 1)
                .Select(g => g.First())
                .Take(count)
                .ToList();
        }
    }

    /// <summary>Writes <paramref name="rows"/> to every database; returns how many transactions that was.</summary>
    public async Task<long> WriteAsync(IEnumerable<GeneratedTransaction> rows, CancellationToken cancellationToken)
    {
        var transactions = rows as IReadOnlyCollection<GeneratedTransaction> ?? rows.ToList();
        long written = 0;
        foreach (var dataSource in _dataSources)
        {
            written = await WriteAsync(dataSource, transactions, cancellationToken);
        }

        lock (_recent)
        {
            foreach (var row in transactions)
            {
                _recent.Enqueue(row);
                if (_recent.Count > RecentCapacity)
                {
                    _recent.Dequeue();
                }
            }
        }

        return written;
    }

    private async Task<long> WriteAsync(NpgsqlDataSource dataSource, IEnumerable<GeneratedTransaction> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(_copy, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteAsync(importer, row, "amount", row.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync("BRL", NpgsqlDbType.Char, cancellationToken);
            await WriteAsync(importer, row, "status", row.Status, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, row, "payment_method", row.PaymentMethod, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, row, "customer_id", row.CustomerId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(importer, row, "merchant_id", row.MerchantId, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(importer, row, "country", row.Country, NpgsqlDbType.Char, cancellationToken);
            await WriteAsync(importer, row, "order_ref", row.OrderRef, NpgsqlDbType.Text, cancellationToken);
        }

        return (long)await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter importer, GeneratedTransaction row, string column, T value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        row.NullColumn == column ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
}
