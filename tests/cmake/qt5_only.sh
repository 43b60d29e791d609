#!/usr/bin/env bash
# Configuring where CMake finds Qt 5 but no Qt 6 (Qt Creator's auto-detected kit on Debian 12
# points at Qt 5) must fail with one message that names the found Qt 5 and how to get Qt 6.
# Qt 6 is hidden with CMAKE_DISABLE_FIND_PACKAGE_Qt6; Qt 5 (qtbase5-dev) is installed by make deps.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if cmake -S . -B "$dir" -G Ninja -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=TRUE >"$dir/log" 2>&1; then
  echo "qt5_only: configuring without Qt 6 succeeded" >&2
  exit 1
fi
for want in "local-fortune needs Qt 6.4 or later" "Only Qt 5.15" \
  "Kits > Qt Versions > Add: /usr/lib/qt6/bin/qmake"; do
  if ! tr -s ' \n' ' ' <"$dir/log" | grep -qF "$want"; then
    echo "qt5_only: the configure error does not say \"$want\":" >&2
    cat "$dir/log" >&2
    exit 1
  fi
done
echo "qt5_only: without Qt 6, configure fails and says what to do"
