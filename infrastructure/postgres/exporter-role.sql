-- The exporter's login role on the database holding the checked tables (README.md, "Running it in production").
-- Least privilege: SELECT on the listed tables only (not every table in the schema, not tables created later),
-- a connection limit, and read-only transactions by default (the exporter opens read-only transactions itself;
-- the role cannot write even by mistake, and without INSERT/UPDATE/DELETE privileges not even when a session
-- turns read-only off). Run as a superuser or the tables' owner, with the password as a psql variable (never in a
-- file of the repo):
--
--   psql -d kpi -v ON_ERROR_STOP=1 -v password="$(cat /etc/kpi-exporter/db-password)" \
--        -v tables=transactions -v connection_limit=5 -f exporter-role.sql
--
-- tables: every table a configured check reads (Database:Tables, Revenue, Streams, DataQuality, and the tables of
--   custom SQL checks), comma-separated, optionally schema-qualified (sales.orders); default: transactions.
--   A table that does not exist stops the script. To add one later: GRANT SELECT ON sales.orders TO kpi_exporter.
-- connection_limit: at least Database:MaxPoolSize (default 4) plus one for an operator's psql; default 5. With
--   several databases on one server (Database:Targets) the role is the server's: the limit covers every pool.
--
-- Several databases on one server: run the script once in each (psql -d orders ..., psql -d payments ...). A role
-- is per server, so the second run finds it, sets the same password and limit again, and only adds its grants.
\if :{?tables}
\else
\set tables transactions
\endif
\if :{?connection_limit}
\else
\set connection_limit 5
\endif

-- Every listed table must exist (checked before anything is created).
SELECT format('DO $check$ BEGIN RAISE EXCEPTION %L; END $check$', format('exporter-role.sql: table %s does not exist (variable tables)', trim(name)))
FROM unnest(string_to_array(:'tables', ',')) AS name
WHERE to_regclass(trim(name)) IS NULL
\gexec

SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kpi_exporter') AS role_exists \gset
\if :role_exists
ALTER ROLE kpi_exporter LOGIN PASSWORD :'password' CONNECTION LIMIT :connection_limit;
\else
CREATE ROLE kpi_exporter LOGIN PASSWORD :'password' CONNECTION LIMIT :connection_limit;
\endif
ALTER ROLE kpi_exporter SET default_transaction_read_only = on;

-- The tables' schemas are made usable and the tables readable, nothing else.
SELECT DISTINCT format('GRANT USAGE ON SCHEMA %I TO kpi_exporter', n.nspname)
FROM unnest(string_to_array(:'tables', ',')) AS name
JOIN pg_class c ON c.oid = to_regclass(trim(name))
JOIN pg_namespace n ON n.oid = c.relnamespace
\gexec
SELECT format('GRANT SELECT ON TABLE %s TO kpi_exporter', to_regclass(trim(name)))
FROM unnest(string_to_array(:'tables', ',')) AS name
\gexec
