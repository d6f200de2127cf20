using Npgsql;
using NpgsqlTypes;

namespace KpiMonitoring.Feeder;

/// <summary>Writes generated transactions with binary COPY (fast enough for months of backfill).</summary>
internal sealed class TransactionWriter
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _copy;

    public TransactionWriter(NpgsqlDataSource dataSource, string table)
    {
        _dataSource = dataSource;
        var quoted = string.Join('.', table.Split('.').Select(p => $"\"{p}\""));
        _copy = $"COPY {quoted} (created_at, amount, currency, status, payment_method, customer_id, merchant_id, country) FROM STDIN (FORMAT BINARY)";
    }

    public async Task<long> WriteAsync(IEnumerable<GeneratedTransaction> rows, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
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
