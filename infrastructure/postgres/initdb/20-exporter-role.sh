#!/bin/bash
# docker-entrypoint-initdb.d hook of the postgres image: a read-only login role for the exporter, its password
# read from the container secret (never from the repository).
set -euo pipefail
password=$(cat /run/secrets/exporter_db_password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set=password="$password" <<'SQL'
CREATE ROLE kpi_exporter LOGIN PASSWORD :'password';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO kpi_exporter;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO kpi_exporter;
SQL
