#!/usr/bin/env bash
# Assembles the exporter image's whole file system from a Native AOT publish directory and the build machine's own
# Debian/Ubuntu packages, distroless style: the binary, the shared libraries it loads (found with ldd, OpenSSL's
# two added: .NET loads them by name at the first TLS handshake or hash), the CA certificates, the zone files,
# an /etc/passwd with the unprivileged user `app` (uid 1654, as in Microsoft's chiseled images) and the packages'
# copyright files. No shell, no package manager, no .NET runtime.
#
# Used by exporter/Dockerfile (inside the SDK build image) and by `make image` (scripts/image/build.sh, on this
# machine): both images are made by this one script.
#
#   scripts/image/rootfs.sh PUBLISH_DIR ROOTFS_DIR
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 PUBLISH_DIR ROOTFS_DIR" >&2
  exit 2
fi
publish=$1
rootfs=$2
binary=$publish/kpi-exporter
[ -x "$binary" ] || { echo "rootfs: $binary: not found or not executable (make publish-aot builds it)" >&2; exit 1; }
if [ -e "$rootfs" ] && [ -n "$(ls -A "$rootfs")" ]; then
  echo "rootfs: $rootfs: exists and is not empty" >&2
  exit 1
fi
mkdir -p "$rootfs"

# The application: everything the publish wrote but the debug symbols.
install -d -m 0755 "$rootfs/app"
find "$publish" -maxdepth 1 -type f ! -name '*.dbg' -exec install -m 0644 {} "$rootfs/app/" \;
chmod 0755 "$rootfs/app/kpi-exporter"

# Shared libraries: what the binary links (ldd) and OpenSSL, which .NET opens by name. Each goes to its real
# directory (the multiarch one, which the loader searches without ld.so.cache); the loader goes where the binary's
# program header says.
find_library() {
  ldconfig -p | awk -v name="$1" '$1 == name && /x86-64|x86_64|64bit/ { print $NF; exit }'
}
libraries=()
for name in libssl.so.3 libcrypto.so.3; do
  path=$(find_library "$name")
  [ -n "$path" ] || { echo "rootfs: $name not found on this machine (Debian/Ubuntu package libssl3)" >&2; exit 1; }
  libraries+=("$path")
done
declare -A copied=()
interpreter=""
while read -r line; do
  case "$line" in
    *"=> not found"*) echo "rootfs: a library is missing on this machine: $line" >&2; exit 1 ;;
    *"=>"*) path=$(awk '{ print $3 }' <<<"$line") ;;
    /*) path=$(awk '{ print $1 }' <<<"$line"); interpreter=$path; continue ;;
    *) continue ;;
  esac
  libraries+=("$path")
done < <(ldd "$binary" "${libraries[@]}" | grep -v ':$')
[ -n "$interpreter" ] || { echo "rootfs: $binary: no program interpreter (not a dynamically linked executable?)" >&2; exit 1; }
for path in "${libraries[@]}"; do
  real=$(readlink -f "$path")
  target="$rootfs$(dirname "$real")/$(basename "$path")"
  [ -n "${copied[$target]:-}" ] && continue
  copied[$target]=1
  install -D -m 0644 "$real" "$target"
done
install -D -m 0755 "$(readlink -f "$interpreter")" "$rootfs$interpreter"

# CA certificates where OpenSSL (and so .NET) looks for them, as Debian lays them out.
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
install -d -m 0755 "$rootfs/usr/lib/ssl"
ln -s /etc/ssl/certs "$rootfs/usr/lib/ssl/certs"
ln -s /etc/ssl/certs/ca-certificates.crt "$rootfs/usr/lib/ssl/cert.pem"

# Zone files for Checkout:TimeZone and Database:TimeZone (no leap-second "right/" variants; none are used).
install -d -m 0755 "$rootfs/usr/share"
cp -a /usr/share/zoneinfo "$rootfs/usr/share/zoneinfo"
rm -rf "$rootfs/usr/share/zoneinfo/right"

# Users: root owns the files, the process runs as app.
install -d -m 0755 "$rootfs/etc"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' >"$rootfs/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
install -d -m 0755 -o 1654 -g 1654 "$rootfs/home/app" 2>/dev/null || install -d -m 0755 "$rootfs/home/app"
install -d -m 1777 "$rootfs/tmp"
install -d -m 0755 "$rootfs/data"

# The licences of what was copied from the machine's packages.
packages=$( { for path in "${libraries[@]}" "$interpreter" /usr/share/ca-certificates /usr/share/zoneinfo/UTC; do
  dpkg-query -S "$(readlink -f "$path")" 2>/dev/null || dpkg-query -S "$path" 2>/dev/null || true
done; } | cut -d: -f1 | sort -u)
for package in $packages; do
  if [ -f "/usr/share/doc/$package/copyright" ]; then
    install -D -m 0644 "/usr/share/doc/$package/copyright" "$rootfs/usr/share/doc/$package/copyright"
  fi
done

if [ "$(id -u)" -eq 0 ]; then
  chown -R 0:0 "$rootfs"
  chown 1654:1654 "$rootfs/home/app"
fi
echo "rootfs: $rootfs: $(du -sh --apparent-size "$rootfs" | cut -f1) ($(echo "$packages" | wc -w) packages' files: $(echo $packages))"
