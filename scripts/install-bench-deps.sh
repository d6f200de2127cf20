#!/usr/bin/env bash
# Installs what `make bench` runs besides the exporter (Debian/Ubuntu): wrk for requests per second and
# prometheus-node-exporter as the yardstick (its textfile collector serves the same series). The bench starts
# node_exporter itself on a loopback port; the package's own service, where systemd runs it, is left as it is.
# Does nothing when everything is already there.
set -euo pipefail

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-bench-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
