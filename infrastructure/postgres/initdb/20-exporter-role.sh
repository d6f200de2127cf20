#!/bin/bash
# docker-entrypoint-initdb.d hook of the postgres image: the exporter's login role, made by the same script as in
# production (infrastructure/postgres/exporter-role.sql, mounted at /kpi): SELECT on the checked table only,
# read-only by default, a connection limit. The password comes from the container secret, never the repository.
set -euo pipefail
password=$(cat /run/secrets/exporter_db_password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$password" -v tables=transactions -v connection_limit=5 -f /kpi/exporter-role.sql
