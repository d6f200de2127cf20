#!/usr/bin/env bash
# make image: the exporter's container image without a Docker engine. The file system is scripts/image/rootfs.sh's
# (the one exporter/Dockerfile runs), packed as one layer by umoci into an OCI image archive, with the
# configuration that exporter/Dockerfile's final stage declares (scripts/image/dockerfile-config.py). Files carry
# the last commit's time, so the same binary and packages give the same layer digest.
# `docker load -i` / `podman load -i` take the archive; scripts/image/check.sh runs it.
#
#   scripts/image/build.sh PUBLISH_DIR OUT_DIR     (writes OUT_DIR/kpi-exporter.oci.tar)
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -ne 2 ]; then
  echo "usage: $0 PUBLISH_DIR OUT_DIR" >&2
  exit 2
fi
publish=$1
out=$2
command -v umoci >/dev/null 2>&1 || { echo "image: umoci is missing (scripts/install-deps.sh --image installs it)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash scripts/image/rootfs.sh "$publish" "$work/rootfs"

epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
find "$work/rootfs" -exec touch -h -d "@$epoch" {} +

mapfile -t config < <(python3 scripts/image/dockerfile-config.py exporter/Dockerfile)
layout=$work/layout
umoci init --layout "$layout"
umoci new --image "$layout:latest"
umoci insert --image "$layout:latest" --history.created "$created" --history.created_by "scripts/image/rootfs.sh" \
  --history.comment "the exporter and the files it needs" "$work/rootfs" /
umoci config --no-history --image "$layout:latest" --created "$created" --os linux --architecture amd64 \
  --author "kpi-exporter make image" "${config[@]}"
umoci gc --layout "$layout"
# The name that docker load and podman load give the image (umoci's index says only "latest").
python3 - "$layout/index.json" <<'PY'
import json, sys
with open(sys.argv[1]) as file:
    index = json.load(file)
index["manifests"][0].setdefault("annotations", {})["io.containerd.image.name"] = "docker.io/library/kpi-exporter:latest"
with open(sys.argv[1], "w") as file:
    json.dump(index, file, separators=(",", ":"))
PY

mkdir -p "$out"
archive=$out/kpi-exporter.oci.tar
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$layout" -cf "$archive" .

manifest=$(python3 - "$layout" <<'EOF'
import json, sys
layout = sys.argv[1]
index = json.load(open(f"{layout}/index.json"))
digest = index["manifests"][0]["digest"]
manifest = json.load(open(f"{layout}/blobs/sha256/{digest.split(':')[1]}"))
layers = sum(layer["size"] for layer in manifest["layers"])
print(f"{digest} {layers} {manifest['config']['size']}")
EOF
)
read -r digest layers config_size <<<"$manifest"
unpacked=$(du -sb --apparent-size "$work/rootfs" | cut -f1)
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB (%.1f MB)", b / 1048576, b / 1000000 }'; }
echo "image: $archive"
echo "image: manifest $digest"
echo "image: compressed layer $(mib "$layers") (what a pull transfers), unpacked $(mib "$unpacked"), archive $(mib "$(stat -c %s "$archive")")"
