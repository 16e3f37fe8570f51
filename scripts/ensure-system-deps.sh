#!/usr/bin/env bash
# Installs the Debian packages StdCheck builds against, when any is missing.
# As root it runs apt-get itself; otherwise it prints the one command to run and fails.
set -euo pipefail

packages=(pkg-config libshp-dev libxml2-dev libgeos-dev libproj-dev libssl-dev libargon2-dev libgdal-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# SwiftPM needs the pkg-config binary and the seven .pc files, whatever dpkg says.
if ! command -v pkg-config >/dev/null 2>&1 \
  || ! pkg-config --exists shapelib libxml-2.0 geos proj libcrypto libargon2 gdal 2>/dev/null; then
  missing+=("${packages[@]}")
fi
((${#missing[@]})) || exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "stdcheck: missing system packages; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "stdcheck: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
pkg-config --exists shapelib libxml-2.0 geos proj libcrypto libargon2 gdal || {
  echo "stdcheck: packages installed but pkg-config still cannot find shapelib, libxml-2.0, geos, proj, libcrypto, libargon2 or gdal" >&2
  exit 1
}
