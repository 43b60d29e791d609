#!/usr/bin/env bash
# Configures with the given cmake arguments and fails when CMake says anything a newcomer would
# take for a problem: a warning (e.g. "Manually-specified variables were not used by the
# project"), an error, or a "Could NOT find" of an optional package (e.g. XKB, which Qt 6's
# CMake packages look for). Usage: tests/cmake/check-configure.sh cmake ARGS...
set -uo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || { echo "check-configure: configuring failed (exit $rc)" >&2; exit "$rc"; }
if grep -nE 'CMake (Warning|Deprecation Warning|Error)|Could NOT find|not used by the project' "$log" >&2; then
  echo "check-configure: configuring printed the lines above; it must configure cleanly" >&2
  exit 1
fi
echo "check-configure: configured cleanly"
