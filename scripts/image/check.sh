#!/usr/bin/env bash
# Runs the image that `make image` built, the way a container engine would, with no Docker engine: the OCI archive
# is unpacked by umoci into a runtime bundle, and the bundle's own process settings (user, environment, working
# directory, entry point) start it under bubblewrap with the image's file system, read-only, as the only root:
# nothing of this machine's is visible to it but the bundled data (at /data, read-only), a fresh /tmp, /proc
# and /dev. It fails when any of this does not hold:
#   - the image has no shell, and its user is not root; the process runs as that user;
#   - the exporter starts with a business time zone (the zone files), gets ready, serves both bundled datasets, and
#     `promtool check metrics` accepts the scrape; the image's healthcheck command answers 0;
#   - behind a web configuration file with TLS, a client that trusts only the test CA scrapes it (OpenSSL from
#     the image).
# Prints the resident memory after the scrapes.
#
#   scripts/image/check.sh ARCHIVE [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."

archive=${1:?usage: $0 ARCHIVE [DATA_DIR]}
data=$(readlink -f "${2:-data}")
for tool in umoci bwrap promtool openssl curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "image check: $tool is missing (scripts/install-deps.sh --image)" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "image check: FAILED: $*" >&2; exit 1; }

mkdir -p "$work/layout"
tar -xf "$archive" -C "$work/layout"
umoci unpack --rootless --image "$work/layout:latest" "$work/bundle" >/dev/null
rootfs=$work/bundle/rootfs
for shell in bin/sh bin/bash usr/bin/sh usr/bin/bash bin/busybox; do
  [ ! -e "$rootfs/$shell" ] || fail "the image has a shell: /$shell"
done

# The image's process settings, as the runtime bundle states them: uid, gid, working directory, environment, args.
mapfile -t process < <(python3 - "$work/bundle/config.json" <<'PY'
import json, sys
process = json.load(open(sys.argv[1]))["process"]
print(process["user"]["uid"]); print(process["user"]["gid"]); print(process["cwd"])
print("\x1f".join(process["env"])); print("\x1f".join(process["args"]))
PY
)
uid=${process[0]} gid=${process[1]} cwd=${process[2]}
IFS=$'\x1f' read -r -a env <<<"${process[3]}"
IFS=$'\x1f' read -r -a args <<<"${process[4]}"
[ "$uid" != 0 ] || fail "the image runs as root"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts the image's process; $1 = port, the rest = extra arguments. Extra binds come from $binds.
binds=()
start() {
  local port=$1; shift
  local setenv=()
  for pair in "${env[@]}"; do
    case "$pair" in Urls=*) continue ;; esac
    setenv+=(--setenv "${pair%%=*}" "${pair#*=}")
  done
  bwrap --unshare-user --uid "$uid" --gid "$gid" --unshare-pid --unshare-ipc --unshare-uts --die-with-parent \
    --bind "$rootfs" / --proc /proc --dev /dev --tmpfs /tmp --ro-bind "$data" /data "${binds[@]}" --remount-ro / \
    --clearenv "${setenv[@]}" --setenv Checkout__TimeZone Europe/Paris --setenv Urls "$scheme://127.0.0.1:$port" \
    --chdir "$cwd" "${args[@]}" "$@" >"$work/exporter-$port.log" 2>&1 &
  pids+=($!)
}

wait_ready() {
  local url=$1; shift
  for _ in $(seq 100); do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work"/exporter-*.log >&2; fail "the exporter exited before it was ready"; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url/readyz" || true)" = 200 ] && return 0
    sleep 0.2
  done
  cat "$work"/exporter-*.log >&2
  fail "$url/readyz did not answer 200 within 20 s"
}

# 1. Plain HTTP: zones, data, metrics, healthcheck, user.
scheme=http
port=$(free_port)
start "$port"
wait_ready "http://127.0.0.1:$port"
grep -q "business time zone Europe/Paris" "$work/exporter-$port.log" || fail "the start-up log does not name the business time zone"
for _ in 1 2 3; do curl -sf "http://127.0.0.1:$port/metrics" -o "$work/metrics.txt" || fail "scrape of /metrics failed"; done
for dataset in $(cd "$data" && ls *.csv | sed 's/\.csv$//'); do
  grep -q "^kpi_checkout_hour_transactions{.*dataset=\"$dataset\"" "$work/metrics.txt" || fail "no hourly series for $dataset in the scrape"
done
promtool check metrics <"$work/metrics.txt" || fail "promtool check metrics rejected the scrape"
exporter_pid=$(pgrep -f -n "^/app/kpi-exporter" || true)
[ -n "$exporter_pid" ] || fail "no exporter process"
# The uid the process has inside its user namespace (outside it is this script's own uid, which uid_map maps).
host_uid=$(awk '/^Uid:/ { print $3 }' "/proc/$exporter_pid/status")
process_uid=$(awk -v host="$host_uid" 'host >= $2 && host < $2 + $3 { print $1 + host - $2 }' "/proc/$exporter_pid/uid_map")
rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$exporter_pid/status")
[ -n "$process_uid" ] && [ "$process_uid" != 0 ] || fail "the exporter process runs as root (uid ${process_uid:-unmapped})"
saved_binds=("${binds[@]}")
bwrap --unshare-user --uid "$uid" --gid "$gid" --bind "$rootfs" / --proc /proc --dev /dev --remount-ro / --clearenv \
  "${args[0]}" healthcheck "http://127.0.0.1:$port/healthz" >/dev/null || fail "the healthcheck command did not answer 0"

# 2. TLS from a web configuration file: OpenSSL inside the image.
mkdir -p "$work/web"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=kpi-exporter-check -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$work/web/server.key" -out "$work/web/server.crt" 2>/dev/null
printf 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n' >"$work/web/web.yml"
chmod -R a+rX "$work/web"
scheme=https
binds=("${saved_binds[@]}" --ro-bind "$work/web" /web)
tls_port=$(free_port)
start "$tls_port" --web.config.file /web/web.yml
wait_ready "https://127.0.0.1:$tls_port" --cacert "$work/web/server.crt"
curl -sf --cacert "$work/web/server.crt" "https://127.0.0.1:$tls_port/metrics" | grep -q '^kpi_checkout_hour_transactions' \
  || fail "no checkout series over TLS"

echo "image check: passed: runs as uid $process_uid without a shell, zone Europe/Paris, $(ls "$data"/*.csv | wc -l) datasets, promtool clean, healthcheck 0, TLS scrape; resident after 3 scrapes $rss MiB"
