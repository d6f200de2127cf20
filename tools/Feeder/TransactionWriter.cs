using Npgsql;
using NpgsqlTypes;

namespace KpiMonitoring.Feeder;

/// <summary>
/// Writes generated transactions with binary COPY (fast enough for months of backfill), to every database given:
/// with an orders and a payments database, each transaction lands in both (the order and its payment).
/// </summary>
internal sealed class TransactionWriter
{
    private readonly IReadOnlyList<NpgsqlDataSource> _dataSources;
    private readonly string _copy;

    public TransactionWriter(IReadOnlyList<NpgsqlDataSource> dataSources, string table)
    {
        _dataSources = dataSources;
        var quoted = string.Join('.', table.Split('.').Select(p => $"\"{p}\""));
        _copy = $"COPY {quoted} (created_at, amount, currency, status, payment_method, customer_id, merchant_id, country) FROM STDIN (FORMAT BINARY)";
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
            await importer.WriteAsync(row.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync("BRL", NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(row.Status, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.PaymentMethod, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.CustomerId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.MerchantId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.Country, NpgsqlDbType.Char, cancellationToken);
        }

        return (long)await importer.CompleteAsync(cancellationToken);
    }
}
