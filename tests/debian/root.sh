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
  if [ -x "$base/bin/bash" ] && [ -n "$(find "$base" -maxdepth 0 -mtime +7)" ]; then
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
  # Deepest first; a lazy unmount for what is busy (nothing of a dead run should be).
  for m in $(awk -v p="$(realpath "$dir")/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  if grep -q " $(realpath "$dir")/" /proc/mounts; then
    lf_die "$dir still has mounts left by an earlier run, and they do not come off: umount -R them"
  fi
  if [ -n "$m" ]; then echo "$(basename "$0"): undid the mounts an interrupted run left in $dir" >&2; fi
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

# Mounts what programs in the root need: /proc, /sys, /dev (with /dev/pts and /dev/shm), the
# host's name servers and CA certificates; and the host's Rust toolchain (CARGO_HOME and
# RUSTUP_HOME) at /opt/lf-cargo and /opt/lf-rustup.
lf_mount() {
  local dir=$1
  LF_ROOTS_MOUNTED+=("$dir")
  mount -t proc proc "$dir/proc"
  mount --rbind /sys "$dir/sys" && mount --make-rslave "$dir/sys"
  mount --rbind /dev "$dir/dev" && mount --make-rslave "$dir/dev"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
  fi
  local cargo_home=${CARGO_HOME:-$HOME/.cargo} rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
  if [ -d "$cargo_home" ] && [ -d "$rustup_home" ]; then
    mkdir -p "$dir/opt/lf-cargo" "$dir/opt/lf-rustup"
    mount --bind "$cargo_home" "$dir/opt/lf-cargo"
    mount --bind "$rustup_home" "$dir/opt/lf-rustup"
  fi
}

# Undoes every lf_mount of this process (call it from an EXIT trap).
lf_root_cleanup() {
  local dir
  for dir in "${LF_ROOTS_MOUNTED[@]}"; do
    for m in opt/lf-rustup opt/lf-cargo dev sys proc; do
      if mountpoint -q "$dir/$m"; then umount -R "$dir/$m" || umount -R -l "$dir/$m"; fi
    done
  done
  LF_ROOTS_MOUNTED=()
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
