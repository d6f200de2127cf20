#!/usr/bin/env bash
# Writes the demo secrets docker-compose.yml mounts (random passwords) into .secrets/ (git-ignored), once.
# For a real deployment put real values in these files (or point the compose secrets elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .secrets
chmod 700 .secrets
random() { head -c 18 /dev/urandom | base64 | tr -d '/+=' ; }
if [ ! -s .secrets/postgres_password ]; then
  admin=$(random)
  exporter=$(random)
  umask 077
  printf '%s' "$admin" > .secrets/postgres_password
  printf '%s' "$exporter" > .secrets/exporter_db_password
  printf 'Host=postgres;Port=5432;Username=kpi_exporter;Password=%s;Database=kpi' "$exporter" > .secrets/exporter_connection
  printf 'Host=postgres;Port=5432;Username=kpi_admin;Password=%s;Database=kpi' "$admin" > .secrets/feeder_connection
  echo "compose-secrets: wrote .secrets/ (random passwords)"
fi
