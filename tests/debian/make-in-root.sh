#!/usr/bin/env bash
# Runs `make TARGET...` for this checkout inside a Debian root of another release, as a user of
# that release would: a fresh minbase root (debootstrap, cached outside the checkout, see
# root.sh), a fresh copy of the checkout (the files git tracks, as they are in the work tree:
# what a clone gives, plus local edits), `make` run in a bare environment (no LANG), which
# installs what it needs itself.
# Before that, the root gets what the README assumes a user has: make, git, gcc and g++ (apt),
# and Rust: the host's toolchain, mounted read-write at /opt/lf-*, with crates fetched on the
# host and built offline inside.
#
# Usage: tests/debian/make-in-root.sh CODENAME TARGET...     e.g. trixie test
# LF_REUSE_ROOT=1 keeps the root (and its installed packages) and the checkout's target/ and
# build/ folders from the last run, for quick iterations; CI starts fresh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=root.sh
source "$here/root.sh"
codename=${1:?usage: $0 CODENAME TARGET...}; shift
[ $# -gt 0 ] || lf_die "usage: $0 CODENAME TARGET..."
[ "$(id -u)" = 0 ] || lf_die "needs root (debootstrap, chroot, mount): run it as root"
trap lf_root_cleanup EXIT

start=$(date +%s)
stage() { echo "make-in-root($codename): $1 in $(( $(date +%s) - start )) s"; start=$(date +%s); }

root="$LF_CACHE/$codename-test"
lf_claim_root "$root"
if [ "${LF_REUSE_ROOT:-}" != 1 ] || [ ! -x "$root/bin/bash" ]; then
  lf_fresh_root "$codename" "$root"
fi
stage "root ready ($root)"

(cd "$top" && cargo fetch --locked -q)
stage "crates fetched on the host"

dest="$root/root/local-fortune"
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

lf_mount "$root"
# What a user has before the README's commands: make, git, a C/C++ compiler (and Rust, mounted).
lf_run "$root" "command -v make >/dev/null && command -v g++ >/dev/null && command -v git >/dev/null || \
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    make git gcc g++ ca-certificates >/dev/null; }"
stage "make, git, gcc, g++ present"
rc=0
lf_run "$root" "cd /root/local-fortune && make $*" || rc=$?
stage "make $* (exit $rc)"
exit "$rc"
