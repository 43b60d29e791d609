#!/usr/bin/env bash
# Builds a CMake build folder and fails when the build printed a warning: a compiler's (ours, or
# one from Qt's headers, which build.rs includes as system headers), cargo's, or a build script's
# (`warning: local-fortune@...`). Colour codes (Qt Creator configures colored diagnostics) are
# taken out before looking. Usage: tests/cmake/build-clean.sh BUILD_DIR [cmake --build ARGS...]
set -uo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cmake --build "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || { echo "build-clean: the build failed (exit $rc)" >&2; exit "$rc"; }
if sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | grep -niE '(^|[^a-z_-])warning(:|\[)' >&2; then
  echo "build-clean: the build printed the warnings above; it must build without one" >&2
  exit 1
fi
echo "build-clean: built without a warning"
