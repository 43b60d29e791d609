#!/usr/bin/env bash
# The test cases a ctest run ran, one line each: "CTEST_NAME CASE RESULT", sorted, read from the
# log ctest keeps of its last run (BUILD/Testing/Temporary/LastTest.log), which holds every test's
# whole output whatever the console showed. Cases are libtest's "test NAME ... ok|ignored|FAILED"
# lines, the harness-less event_loop's "event_loop: NAME ... ok" and QuickTest's "PASS   : " /
# "FAIL!  : " lines. .ci/run prints these per platform, so two runs' lists can be compared
# (tests/ci/test-list.sh --compare A B).
# Usage: tests/ci/test-list.sh BUILD_DIR...     tests/ci/test-list.sh --compare LIST_A LIST_B
set -euo pipefail
if [ "${1:-}" = --compare ]; then
  a=${2:?usage: $0 --compare LIST_A LIST_B} b=${3:?usage: $0 --compare LIST_A LIST_B}
  # Results aside: the same cases, by ctest name and case name.
  if diff <(awk '{ $NF = ""; print }' "$a") <(awk '{ $NF = ""; print }' "$b"); then
    echo "test-list: $(wc -l <"$a") cases in both $a and $b"
  else
    echo "test-list: the cases differ (above: < only in $a, > only in $b)" >&2
    exit 1
  fi
  exit 0
fi
[ $# -gt 0 ] || { echo "usage: $0 BUILD_DIR..." >&2; exit 1; }
# Folders where ctest never ran (a folder only configured) are passed over; none at all fails.
logs=()
for build in "$@"; do
  [ -r "$build/Testing/Temporary/LastTest.log" ] && logs+=("$build/Testing/Temporary/LastTest.log")
done
[ ${#logs[@]} -gt 0 ] || { echo "test-list: no ctest log in $* (run ctest there first)" >&2; exit 1; }
# Colour codes out (Qt Creator's environment forces colour); doc tests' names hold spaces and the
# line of their example, which moves with every edit above it.
cat "${logs[@]}" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g; s/ - (line [0-9]*)//; s/ (line [0-9]*)//' | awk '
  /^[0-9]+\/[0-9]+ Testing: / { name = $3; pending = ""; next }
  name == "" { next }
  match($0, /^test .* \.\.\. (ok|FAILED|ignored(, .*)?)$/) {
    result = $0; sub(/.* \.\.\. /, "", result); sub(/,.*/, "", result)
    sub(/^test /, ""); sub(/ \.\.\. .*$/, ""); gsub(/ /, "_"); print name, $0, result; next }
  # A case whose result came on a later line: libtest runs cases on threads, and a line another
  # one wrote to stderr (a Qt warning) can land between "test NAME ... " and its "ok".
  /^test [^ ]+ \.\.\. / { pending = $2; next }
  pending != "" && match($0, /^(ok|FAILED|ignored(, .*)?)$/) {
    result = $0; sub(/,.*/, "", result); print name, pending, result; pending = ""; next }
  match($0, /^[a-z_]+: [a-z0-9_]+ \.\.\. (ok|FAILED)$/) { print name, $2, $NF; next }
  /^(PASS|FAIL!) +: / { result = ($1 == "PASS") ? "ok" : "FAILED"; sub(/^[A-Z!]+ +: /, ""); sub(/ .*/, ""); print name, $0, result }
' | sort -u
