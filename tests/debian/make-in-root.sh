#!/usr/bin/env bash
# Runs `make TARGET...` for this checkout inside a Debian root of another release, as a user of
# that release would: a root as `make deps` leaves a fresh minbase root (debootstrap, then make,
# git, gcc, g++ and `make deps`; cached per package list and week, see lf_deps_root in root.sh),
# a fresh copy of the checkout (the files git tracks, as they are in the work tree: what a clone
# gives, plus local edits), `make` run in a bare environment (no LANG).
# The run's root is an overlay on the cached one: what the run writes goes to a layer of its own,
# dropped afterwards, so every run starts from the same root without copying it. The release's
# caches (apt's packages, ccache) are mounted in (lf_mount); Rust is the host's toolchain,
# mounted read-write at /opt/lf-*, with crates fetched on the host and built offline inside.
#
# Usage: tests/debian/make-in-root.sh CODENAME TARGET...     e.g. trixie test-release
#        tests/debian/make-in-root.sh --prepare CODENAME     only the cached root (.ci/run makes
#                                                            it while the native run compiles)
# The run's layer stays until the next run (its logs, LastTest.log, screenshots under
# $LF_CACHE/CODENAME-test/upper/root/local-fortune); LF_REUSE_ROOT=1 keeps its target/ and build/
# folders for the next run too, for quick iterations; CI starts fresh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=root.sh
source "$here/root.sh"
[ "$(id -u)" = 0 ] || lf_die "needs root (debootstrap, chroot, mount): run it as root"
# Last, whatever a run mounted inside the root, then the overlay itself.
trap 'lf_root_cleanup; [ -z "${run:-}" ] || lf_umount_under "$run" || true' EXIT

start=$(date +%s)
stage() { echo "make-in-root($codename): $1 in $(( $(date +%s) - start )) s"; start=$(date +%s); }

if [ "${1:-}" = --prepare ]; then
  codename=${2:?usage: $0 --prepare CODENAME}
  lf_deps_root "$codename" "$top"
  stage "root with make deps ready ($LF_DEPS)"
  exit 0
fi
codename=${1:?usage: $0 CODENAME TARGET...}; shift
[ $# -gt 0 ] || lf_die "usage: $0 CODENAME TARGET..."

run="$LF_CACHE/$codename-test"
lf_claim_root "$run"
lf_deps_root "$codename" "$top"
deps=$LF_DEPS
stage "root with make deps ready ($deps)"

# The run's layer: kept with LF_REUSE_ROOT=1 while the cached root under it is the same one.
if [ "${LF_REUSE_ROOT:-}" != 1 ] || [ "$(cat "$run/lower" 2>/dev/null)" != "$deps" ]; then
  lf_remove_root "$run"
fi
mkdir -p "$run/upper" "$run/work" "$run/merged"
echo "$deps" >"$run/lower"
merged="$run/merged"
mount -t overlay overlay -o "lowerdir=$deps,upperdir=$run/upper,workdir=$run/work" "$merged"

(cd "$top" && cargo fetch --locked -q)
stage "crates fetched on the host"

dest="$merged/root/local-fortune"
if [ "${LF_REUSE_ROOT:-}" = 1 ] && [ -d "$dest" ]; then
  find "$dest" -mindepth 1 -maxdepth 1 ! -name target ! -name build -exec rm -rf --one-file-system {} +
else
  rm -rf --one-file-system "$dest"
fi
mkdir -p "$dest"
# -m: the copies are new files (now), so cargo never takes a kept build for up to date with
# sources older than it.
(cd "$top" && git ls-files -z --cached \
  | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -x -m -C "$dest"
stage "checkout copied"

lf_mount "$merged" "$codename"
rc=0
lf_run "$merged" "cd /root/local-fortune && make $*" || rc=$?
stage "make $* (exit $rc)"
# The test cases this run ran, for .ci/run to compare platforms (tests/ci/test-list.sh).
if [ -n "${LF_TEST_LIST:-}" ]; then
  lf_run "$merged" "cd /root/local-fortune && tests/ci/test-list.sh build/*/" >"$LF_TEST_LIST" || rc=1
fi
lf_root_cleanup
lf_umount_under "$run" || true
exit "$rc"
