#!/usr/bin/env bash
# The CMake build's dependencies, checked on a folder that was just built (run it right after the
# first, cold build): the next build does nothing (cargo compiles nothing, Ninja links nothing;
# Qt Creator builds again before every Run), a touched .qml or .rs file makes cargo rebuild the
# crate and Ninja relink both apps, and then a build does nothing again. After the first check the
# builds are of the two apps' targets (what Run builds): building everything would also relink
# every test program at each touch, which proves nothing more and costs a minute in Release.
# Usage: tests/cmake/rebuilds.sh BUILD_DIR   (only file times are touched, never contents)
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
cd "$(dirname "$0")/../.."

# Each build's whole output. Into a file, stderr too: the cargo targets are USES_TERMINAL, so
# Ninja hands cargo its own stdout and stderr, and cargo writes its "Compiling" lines to stderr.
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# One build, which must succeed; sets `linked` to the apps it linked (those whose file changed:
# Ninja does not print the status line of a job that ran while a USES_TERMINAL one held the
# console). Fails if cargo compiled something and none was expected ($1 = "no-op"). Called as a
# plain command, never inside $(...), so that its `exit 1` ends the script.
linked=
targets=()
build_once() {
  local app before=() i=0
  for app in local-fortune-client local-fortune-server; do
    before+=("$(stat -c %.9Y "$build/$app" 2>/dev/null || echo none)")
  done
  if ! cmake --build "$build" "${targets[@]}" >"$log" 2>&1; then
    echo "rebuilds: cmake --build $build failed:" >&2
    cat "$log" >&2
    exit 1
  fi
  # -w: "Compiling" as a word, also when cargo colours it (CLICOLOR_FORCE, CARGO_TERM_COLOR).
  if [ "${1:-}" = no-op ] && grep -qw Compiling "$log"; then
    echo "rebuilds: cargo compiled again:" >&2
    grep -w Compiling "$log" >&2
    exit 1
  fi
  linked=
  for app in local-fortune-client local-fortune-server; do
    if [ "$(stat -c %.9Y "$build/$app" 2>/dev/null || echo none)" != "${before[$i]}" ]; then
      linked+="$app "
    fi
    i=$((i + 1))
  done
}

expect() {
  local what=$1 want=$2 mode=
  if [ -z "$want" ]; then
    mode=no-op
  fi
  build_once "$mode"
  if [ "$linked" != "$want" ]; then
    echo "rebuilds: $what: linked '${linked}', expected '${want}'" >&2
    exit 1
  fi
  echo "rebuilds: $what: linked '${linked}'"
}

expect "the build after the first" ""
targets=(--target local-fortune-client local-fortune-server)
touch qml/ClientWindow.qml
expect "touched qml/ClientWindow.qml" "local-fortune-client local-fortune-server "
touch src/core/fortunes.rs
expect "touched src/core/fortunes.rs" "local-fortune-client local-fortune-server "
expect "no change again" ""
