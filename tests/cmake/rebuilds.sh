#!/usr/bin/env bash
# The CMake build's dependencies, checked on a folder that was just built (run it right after the
# first, cold build): the next build does nothing (cargo compiles nothing, Ninja links nothing;
# Qt Creator builds again before every Run), a touched .qml or .rs file makes cargo rebuild the
# crate and Ninja relink both apps, and then a build does nothing again.
# Usage: tests/cmake/rebuilds.sh BUILD_DIR   (only file times are touched, never contents)
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
cd "$(dirname "$0")/../.."

# One build: prints the targets Ninja linked; fails if cargo compiled something and none was
# expected ($1 = "no-op").
linked() {
  local out
  out=$(cmake --build "$build")
  if [ "${1:-}" = no-op ] && grep -q 'Compiling ' <<<"$out"; then
    echo "rebuilds: cargo compiled again:" >&2
    grep 'Compiling ' <<<"$out" >&2
    exit 1
  fi
  sed -n 's/.*Linking CXX executable //p' <<<"$out" | sort | tr '\n' ' '
}

expect() {
  local what=$1 want=$2 got
  got=$(linked "$([ -z "$want" ] && echo no-op)")
  if [ "$got" != "$want" ]; then
    echo "rebuilds: $what: linked '${got}', expected '${want}'" >&2
    exit 1
  fi
  echo "rebuilds: $what: linked '${got}'"
}

expect "the build after the first" ""
touch qml/ClientWindow.qml
expect "touched qml/ClientWindow.qml" "local-fortune-client local-fortune-server "
touch src/core/fortunes.rs
expect "touched src/core/fortunes.rs" "local-fortune-client local-fortune-server "
expect "no change again" ""
