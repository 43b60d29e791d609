#!/usr/bin/env bash
# The CMake build's dependencies, checked on a built folder: a no-op build relinks nothing, and a
# touched .qml or .rs file makes cargo rebuild the crate and Ninja relink both apps.
# Usage: tests/cmake/rebuilds.sh BUILD_DIR   (only file times are touched, never contents)
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
cd "$(dirname "$0")/../.."

# Prints the targets Ninja linked during one build.
linked() { cmake --build "$build" | sed -n 's/.*Linking CXX executable //p' | sort | tr '\n' ' '; }

expect() {
  local what=$1 want=$2 got
  got=$(linked)
  if [ "$got" != "$want" ]; then
    echo "rebuilds: $what: linked '${got}', expected '${want}'" >&2
    exit 1
  fi
  echo "rebuilds: $what: linked '${got}'"
}

linked >/dev/null   # up to date first
expect "no change" ""
touch qml/ClientWindow.qml
expect "touched qml/ClientWindow.qml" "local-fortune-client local-fortune-server "
touch src/core/fortunes.rs
expect "touched src/core/fortunes.rs" "local-fortune-client local-fortune-server "
expect "no change again" ""
