-- Reference schema for the exporter's PostgreSQL checks (freshness, volume, hourly revenue, data quality).
-- Used by the demo, the feeder (tools/Feeder), the tests and the benchmark. See README.md beside this file.
--
-- Apply with:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f infrastructure/postgres/schema.sql
-- Safe to apply twice.

CREATE TABLE IF NOT EXISTS transactions (
    id             bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- When the transaction happened. timestamptz: the checks compare it with UTC instants.
    created_at     timestamptz   NOT NULL DEFAULT now(),
    -- Nullable on purpose, like many real payment tables: the data-quality check counts NULLs and negatives.
    amount         numeric(12,2),
    currency       char(3)       NOT NULL DEFAULT 'BRL',
    -- approved | declined | refunded | ... ; only 'approved' counts as revenue in the reference configuration.
    status         text,
    payment_method text,
    customer_id    bigint,
    merchant_id    integer,
    country        char(2),
    updated_at     timestamptz
);

-- Every check reads one time window of created_at (WHERE created_at >= $1 AND created_at < $2, bounds computed by
-- the exporter), so this one index serves them all:
--   freshness      max(created_at)            -> one probe at the end of the index (Index Only Scan Backward)
--   volume         count(*) since midnight    -> Index Only Scan over today's entries
--   hourly revenue sum(amount), count by status over five one-hour windows
--                                             -> Index Only Scans: amount and status are carried in the index
--                                                (INCLUDE), so no table page is read and the cost follows the
--                                                rows per hour, not the size of the table
--   data quality   negatives and NULLs over the recent window -> Index Scan over the window
CREATE INDEX IF NOT EXISTS transactions_created_at_idx
    ON transactions (created_at) INCLUDE (amount, status);

-- Insert-only tables are vacuumed by the insert threshold (PostgreSQL 13+), which keeps the visibility map fresh
-- for the index-only scans; a lower threshold keeps the recent hours all-visible sooner.
ALTER TABLE transactions SET (autovacuum_vacuum_insert_scale_factor = 0.05);

-- The checkout system's order reference, copied in by the loader. It identifies an order, but the schema does not
-- enforce it (no UNIQUE), like many loaded tables: `id` is the primary key and cannot repeat, while a retried or
-- replayed load can write an order_ref twice. The duplicate-keys check (Database:DuplicateKeys) watches it; the
-- feeder's --duplicate-rows injection writes such copies. Added with ALTER so that applying the schema again
-- brings an existing table up to date.
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS order_ref text;
