#!/usr/bin/env bash
# Installs the Debian packages of packaging/debian-packages that are missing (as root, with
# apt-get); does nothing when they are all there.
set -euo pipefail
list=$(dirname "$0")/debian-packages
mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$list")
missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "build-deps: missing Debian packages: ${missing[*]} (install them as root with apt-get)" >&2
  exit 1
fi
echo "build-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
