#!/usr/bin/env bash
# Installs the system packages the tests and the demo run for real (Debian/Ubuntu): Prometheus with promtool,
# Alertmanager with amtool, VictoriaMetrics with vmalert (the long-term store's tests), PostgreSQL server
# binaries and psql, docker-compose (used only to validate the compose file), systemd-analyze (to verify the
# shipped unit), and python3 with PyYAML for the rule checks (rules/tools).
# With --bench, also what `make bench` runs: wrk (requests per second) and prometheus-node-exporter (the yardstick;
# the bench starts it itself on a loopback port), and prometheus-sql-exporter (the database checks' yardstick).
# With --aot, what `make publish-aot` links with: clang and zlib's headers. With --image, what `make image` packs
# and runs the image with: umoci, bubblewrap, and openssl and curl for its TLS check. Does nothing when everything is already there.
set -euo pipefail

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
command -v vmalert >/dev/null 2>&1 || missing+=(victoria-metrics)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
  command -v prometheus-sql-exporter >/dev/null 2>&1 || missing+=(prometheus-sql-exporter)
fi
if [ "${1:-}" = "--aot" ]; then
  command -v clang >/dev/null 2>&1 || missing+=(clang)
  [ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
fi

if [ "${1:-}" = "--image" ]; then
  command -v umoci >/dev/null 2>&1 || missing+=(umoci)
  command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "install-deps: installing ${packages[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
