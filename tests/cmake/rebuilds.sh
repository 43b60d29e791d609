#!/usr/bin/env bash
# The CMake build's dependencies, checked on a folder that was just built (run it right after the
# first, cold build): the next build does nothing (cargo compiles nothing, Ninja links nothing;
# Qt Creator builds again before every Run), a touched .qml or .rs file makes cargo rebuild the
# crate and Ninja relink both apps, and then a build does nothing again.
# Usage: tests/cmake/rebuilds.sh BUILD_DIR   (only file times are touched, never contents)
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
cd "$(dirname "$0")/../.."

# One build: prints the apps it linked (those whose file changed: Ninja does not print the status
# line of a job that ran while a USES_TERMINAL one held the console); fails if cargo compiled
# something and none was expected ($1 = "no-op").
linked() {
  local out app before=()
  for app in local-fortune-client local-fortune-server; do
    before+=("$(stat -c %.9Y "$build/$app" 2>/dev/null || echo none)")
  done
  out=$(cmake --build "$build")
  if [ "${1:-}" = no-op ] && grep -q 'Compiling ' <<<"$out"; then
    echo "rebuilds: cargo compiled again:" >&2
    grep 'Compiling ' <<<"$out" >&2
    exit 1
  fi
  local i=0
  for app in local-fortune-client local-fortune-server; do
    [ "$(stat -c %.9Y "$build/$app" 2>/dev/null || echo none)" != "${before[$i]}" ] && printf '%s ' "$app"
    i=$((i + 1))
  done
  return 0
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
