#!/usr/bin/env bash
# The workspace crate cxx-qt-sockets as crates.io would take it: `cargo package` and
# `cargo publish --dry-run` (everything of a publication but the upload). The package must hold
# the crate's own files only: nothing of the app.
# With CRATE_VERIFY=1 (`make crate-verify`, run once by .ci/run), cargo also builds the packaged
# crate on its own, with only its own features, as a user's first build does: a cold build of
# cxx-qt-lib's C++ (6 min 53 s on the 2-CPU machine of docs/benchmark.md), in its own target
# folder, so that no other build is disturbed. `make test` packages without that build, in each
# release's run.
# Usage: [CRATE_VERIFY=1] tests/crate/package.sh   (CRATE_TARGET_DIR: default target/crate-package)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CRATE_TARGET_DIR:-target/crate-package}
crate=cxx-qt-sockets
verify=--no-verify
[ "${CRATE_VERIFY:-0}" = 1 ] && verify=

files=$(cargo package -p "$crate" --list --locked --allow-dirty)
bad=$(printf '%s\n' "$files" | grep -vE '^(Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|\.cargo_vcs_info\.json|build\.rs|README\.md|CHANGELOG\.md|src/([a-z_]+/)?[a-z_]+\.rs|include/[a-z_]+\.h|tests/[a-z_]+\.rs|tests/common/[a-z_]+\.rs|tests/[a-z_]+\.proptest-regressions|examples/[a-z_]+\.rs)$' || true)
if [ -n "$bad" ]; then
  printf '%s\n' "$bad"
  echo "package: the files above are not the crate's own" >&2
  exit 1
fi
echo "package: $(printf '%s\n' "$files" | wc -l) files, all the crate's own"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# `cargo publish --dry-run` asks crates.io's index; the Debian roots build offline
# (CARGO_NET_OFFLINE, tests/debian/root.sh), so there it is left to the native run, and said.
publish=1
case "${CARGO_NET_OFFLINE:-}" in true | 1) publish= ;; esac
{ cargo package -p "$crate" --locked --allow-dirty $verify &&
  if [ -n "$publish" ]; then cargo publish -p "$crate" --dry-run --locked --allow-dirty $verify; fi; } 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || { echo "package: failed" >&2; exit 1; }
# Clean: no warning of cargo's (the dry run's own "aborting upload" aside).
if grep -E '^warning' "$log" | grep -v 'aborting upload due to dry run' >&2; then
  echo "package: cargo warned (above)" >&2
  exit 1
fi
if [ -n "$publish" ]; then
  echo "package: cargo package and cargo publish --dry-run passed${verify:+ ($verify)}"
else
  echo "package: cargo package passed${verify:+ ($verify)}; cargo publish --dry-run not run: offline (CARGO_NET_OFFLINE), the native run does it"
fi
