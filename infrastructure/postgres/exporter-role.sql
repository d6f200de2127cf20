-- The exporter's read-only login role on the database holding the checked tables (production guide, README.md).
-- Run as a superuser or the tables' owner, with the password as a psql variable (never in a file of the repo):
--   psql -d kpi -v ON_ERROR_STOP=1 -v password="$(cat /etc/kpi-exporter/db-password)" -f exporter-role.sql
CREATE ROLE kpi_exporter LOGIN PASSWORD :'password';
GRANT USAGE ON SCHEMA public TO kpi_exporter;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO kpi_exporter;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO kpi_exporter;
-- Belt and braces: the exporter opens read-only transactions itself; the role cannot write even by mistake.
ALTER ROLE kpi_exporter SET default_transaction_read_only = on;
