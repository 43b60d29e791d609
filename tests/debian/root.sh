# shellcheck shell=bash
# Debian roots for the tests, sourced by the scripts beside it (bash). A root is a
# `debootstrap --variant=minbase` of one Debian release, made once from the host's own Debian
# mirror and kept in a cache folder outside the checkout ($LF_CACHE, default
# /var/cache/local-fortune); each use starts from a copy of it. Needs root (chroot, mount).
#
# Every mount made here is undone on every exit path (lf_root_cleanup runs from the callers'
# EXIT trap), and a root is only ever removed with --one-file-system, so a mount left behind
# can never take the host's files with it.

LF_CACHE=${LF_CACHE:-/var/cache/local-fortune}
LF_ROOTS_MOUNTED=()

lf_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# The Debian mirror the host's apt uses (deb822 .sources first, then sources.list).
lf_mirror() {
  local uri
  uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | tr ' ' '\n' | grep -v -e security -e '^$' | head -n1)
  if [ -z "$uri" ]; then
    uri=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
      /etc/apt/sources.list 2>/dev/null | grep -v security | head -n1)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# The cached minbase root of CODENAME (made by debootstrap the first time).
lf_base_root() {
  local codename=$1 base="$LF_CACHE/$1-minbase"
  # Testing moves every day, and stable releases get point releases: a base older than a week is
  # made anew, so a fresh root never starts far behind the mirror.
  # (Not when it is the host's, mounted read-only into a root: the host renews it.)
  if [ -x "$base/bin/bash" ] && ! mountpoint -q "$base" && [ -n "$(find "$base" -maxdepth 0 -mtime +7)" ]; then
    echo "$(basename "$0"): $base is over a week old; making it anew" >&2
    lf_remove_root "$base"
  fi
  if [ ! -x "$base/bin/bash" ]; then
    command -v debootstrap >/dev/null || lf_die "debootstrap is missing: make deps installs it"
    mkdir -p "$LF_CACHE"
    rm -rf --one-file-system "$base.tmp"
    echo "$(basename "$0"): debootstrap --variant=minbase $codename from $(lf_mirror) (once; cached in $base)" >&2
    # A release newer than this debootstrap (forky on Debian 12's) is made as sid is.
    local script=()
    [ -e "/usr/share/debootstrap/scripts/$codename" ] || script=(/usr/share/debootstrap/scripts/sid)
    debootstrap --variant=minbase "$codename" "$base.tmp" "$(lf_mirror)" "${script[@]}" \
      >"$LF_CACHE/$codename-debootstrap.log" 2>&1 \
      || { tail -n 20 "$LF_CACHE/$codename-debootstrap.log" >&2; lf_die "debootstrap $codename failed"; }
    mv "$base.tmp" "$base"
  fi
  echo "$base"
}

# A new root at DIR, copied from the cached minbase root of CODENAME.
lf_fresh_root() {
  local codename=$1 dir=$2 base
  base=$(lf_base_root "$codename") || exit 1
  lf_remove_root "$dir"
  mkdir -p "$(dirname "$dir")"
  cp -a "$base" "$dir"
  # Debian testing's and unstable's Release files are valid for a week only; a mirror that is a
  # snapshot (as the host's may be) serves them expired, and apt would refuse it.
  echo 'Acquire::Check-Valid-Until "false";' >"$dir/etc/apt/apt.conf.d/99local-fortune-snapshot"
}

# Makes DIR this process's own: holds a lock beside it for as long as the process lives (another
# run that wants the same root waits for it, up to an hour), then undoes the mounts that a run
# killed before its EXIT trap (a lost session, SIGKILL) left in it, which would otherwise stop
# every later run at lf_remove_root.
lf_claim_root() {
  local dir=$1 fd m=""
  mkdir -p "$(dirname "$dir")"
  exec {fd}>"$dir.lock"
  if ! flock -n "$fd"; then
    echo "$(basename "$0"): another run is using $dir; waiting for it" >&2
    flock -w 3600 "$fd" || lf_die "$dir is still in use after an hour"
  fi
  [ -e "$dir" ] || return 0
  lf_umount_under "$dir" && m=done
  if grep -q " $(realpath "$dir")/" /proc/mounts; then
    lf_die "$dir still has mounts left by an earlier run, and they do not come off: umount -R them"
  fi
  if [ -n "$m" ]; then echo "$(basename "$0"): undid the mounts an interrupted run left in $dir" >&2; fi
}

# Unmounts everything mounted under DIR, whoever mounted it (lf_mount's mounts, and those a run
# made inside a root: `ip netns add` makes /run/netns a mount of its own), deepest first; a lazy
# unmount for what is busy. Returns 1 when there was nothing to unmount.
lf_umount_under() {
  local dir m found=1
  dir=$(realpath "$1")
  for m in $(awk -v p="$dir/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    found=0
  done
  return "$found"
}

# Removes a root, never crossing into a mount (and refusing while anything is mounted in it).
lf_remove_root() {
  local dir=$1
  [ -e "$dir" ] || return 0
  if grep -q " $(realpath "$dir")/" /proc/mounts; then
    lf_die "$dir still has mounts; not removing it"
  fi
  rm -rf --one-file-system "$dir"
}

# The folder of CODENAME's caches that outlive a run ($LF_CACHE/CODENAME-cache): apt/, the
# packages apt downloaded (a root's own /var/cache/apt/archives), and ccache/, the compiler cache
# of that release's C++ (the Makefile's CCACHE_DIR for root). Keyed by release: no GCC and no Qt
# header of one release ever meets another's.
lf_release_cache() {
  local dir="$LF_CACHE/$1-cache"
  mkdir -p "$dir/apt/partial" "$dir/ccache"
  echo "$dir"
}

# Mounts what programs in the root need: /proc, /sys, /dev (with /dev/pts and /dev/shm), the
# host's name servers and CA certificates; and the host's Rust toolchain (CARGO_HOME and
# RUSTUP_HOME) at /opt/lf-cargo and /opt/lf-rustup. With CODENAME (the root's release): that
# release's caches (lf_release_cache) at the same path inside and as the root's apt archive, and
# its minbase root, read-only, where a root made inside this one (the package's install test)
# looks for it: so a run in a root downloads no package twice, compiles no C++ it compiled
# before, and runs no debootstrap.
LF_MOUNTS=()
lf_mount() {
  local dir=$1 codename=${2:-}
  LF_ROOTS_MOUNTED+=("$dir")
  mount -t proc proc "$dir/proc" && LF_MOUNTS+=("$dir/proc")
  mount --rbind /sys "$dir/sys" && LF_MOUNTS+=("$dir/sys") && mount --make-rslave "$dir/sys"
  mount --rbind /dev "$dir/dev" && LF_MOUNTS+=("$dir/dev") && mount --make-rslave "$dir/dev"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
  fi
  local cargo_home=${CARGO_HOME:-$HOME/.cargo} rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
  if [ -d "$cargo_home" ] && [ -d "$rustup_home" ]; then
    mkdir -p "$dir/opt/lf-cargo" "$dir/opt/lf-rustup"
    mount --bind "$cargo_home" "$dir/opt/lf-cargo" && LF_MOUNTS+=("$dir/opt/lf-cargo")
    mount --bind "$rustup_home" "$dir/opt/lf-rustup" && LF_MOUNTS+=("$dir/opt/lf-rustup")
  fi
  if [ -n "$codename" ]; then
    local cache inner=/var/cache/local-fortune
    cache=$(lf_release_cache "$codename")
    mkdir -p "$dir$inner/$codename-cache" "$dir/var/cache/apt/archives"
    mount --bind "$cache" "$dir$inner/$codename-cache" && LF_MOUNTS+=("$dir$inner/$codename-cache")
    mount --bind "$cache/apt" "$dir/var/cache/apt/archives" && LF_MOUNTS+=("$dir/var/cache/apt/archives")
    if [ -x "$LF_CACHE/$codename-minbase/bin/bash" ]; then
      mkdir -p "$dir$inner/$codename-minbase"
      mount --bind -o ro "$LF_CACHE/$codename-minbase" "$dir$inner/$codename-minbase" \
        && LF_MOUNTS+=("$dir$inner/$codename-minbase")
    fi
  fi
}

# Undoes the mounts lf_mount made in DIR (all of them without DIR), last first.
lf_umount() {
  local only=${1:-} i m keep=()
  for ((i = ${#LF_MOUNTS[@]} - 1; i >= 0; i--)); do
    m=${LF_MOUNTS[$i]}
    if [ -n "$only" ] && [ "${m#"$only"/}" = "$m" ]; then keep=("$m" "${keep[@]}"); continue; fi
    if mountpoint -q "$m"; then umount -R "$m" || umount -R -l "$m"; fi
  done
  LF_MOUNTS=("${keep[@]}")
}

# Undoes every lf_mount of this process (call it from an EXIT trap).
lf_root_cleanup() {
  lf_umount
  LF_ROOTS_MOUNTED=()
}

# A root of CODENAME as `make deps` leaves it, kept in the cache and made anew when the package
# list changes (the key is its hash), when the minbase root is newer, or when it is a week old:
# CODENAME-deps-KEY. Made as a user's machine is: what the README assumes (make, git, gcc, g++),
# then `make deps` with this checkout's Makefile. TOP is the checkout. Sets LF_DEPS to its path
# (not printed: called in a subshell, its mounts would escape the caller's EXIT trap).
LF_DEPS=
lf_deps_root() {
  local codename=$1 top=$2 base key deps fd
  base=$(lf_base_root "$codename") || exit 1
  key=$( { echo "$codename"; make -s --no-print-directory -C "$top" deb-packages OS_CODENAME="$codename"; } \
    | sha256sum | cut -c1-12)
  deps="$LF_CACHE/$codename-deps-$key"
  exec {fd}>"$LF_CACHE/$codename-deps.lock"
  flock -w 3600 "$fd" || lf_die "$LF_CACHE/$codename-deps.lock: still held after an hour"
  # What a run killed while making one left mounted (its EXIT trap never ran).
  local left
  for left in "$LF_CACHE/$codename"-deps-*.tmp; do [ ! -d "$left" ] || lf_umount_under "$left" || true; done
  if [ -x "$deps/bin/bash" ] && [ -z "$(find "$deps/.lf-made" -mtime +7 2>/dev/null)" ] \
    && [ "$deps/.lf-made" -nt "$base" ]; then
    exec {fd}>&-; LF_DEPS=$deps; return 0
  fi
  echo "$(basename "$0"): making $deps: make deps in a fresh $codename root (once per package list and week)" >&2
  lf_remove_root "$deps.tmp"
  lf_fresh_root "$codename" "$deps.tmp"
  lf_mount "$deps.tmp" "$codename"
  mkdir -p "$deps.tmp/tmp/lf-deps"
  cp "$top/Makefile" "$deps.tmp/tmp/lf-deps/"
  lf_run "$deps.tmp" "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends make git gcc g++ ca-certificates >/dev/null && make -C /tmp/lf-deps deps" >&2 \
    || { lf_umount "$deps.tmp"; lf_die "make deps failed in a fresh $codename root"; }
  lf_umount "$deps.tmp"
  rm -rf "$deps.tmp/tmp/lf-deps"
  touch "$deps.tmp/.lf-made"
  local old
  for old in "$LF_CACHE/$codename"-deps-*; do
    case "$old" in *.lock | "$deps.tmp") continue ;; esac
    [ -d "$old" ] && lf_remove_root "$old"
  done
  mv "$deps.tmp" "$deps"
  exec {fd}>&-
  LF_DEPS=$deps
}

# Runs a bash command in the root, in a bare environment (no LANG, no LC_*: what CI and service
# managers give), with the Rust toolchain on PATH when it is mounted.
lf_run() {
  local dir=$1; shift
  chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb \
    PATH=/opt/lf-cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CARGO_HOME=/opt/lf-cargo RUSTUP_HOME=/opt/lf-rustup CARGO_NET_OFFLINE=true \
    bash -c "$*"
}
