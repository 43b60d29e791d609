#!/usr/bin/env bash
# The Debian package as a user meets it. lintian first (no error; every warning kept is named
# below with its reason). Then, in a fresh minbase root of this machine's own Debian release
# (debootstrap, cached; see root.sh), tests/debian/install-checks.sh: `apt-get install ./DEB`,
# the CLI served and fetched, man page and bash completion found, the desktop entry's Exec
# opening the server window on an X server, `apt-get purge` leaving nothing of ours.
#
# Usage: tests/debian/install-deb.sh local-fortune_VERSION_ARCH.deb      (as root)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=root.sh
source "$here/root.sh"
deb=${1:?usage: $0 DEB}
[ -f "$deb" ] || lf_die "$deb: no such package (make deb builds it)"
[ "$(id -u)" = 0 ] || lf_die "needs root (debootstrap, chroot, mount)"
trap lf_root_cleanup EXIT
start=$(date +%s)
stage() { echo "install-deb: $1 in $(( $(date +%s) - start )) s"; start=$(date +%s); }

echo "install-deb: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
dpkg-deb --field "$deb" Depends Recommends | sed 's/^/install-deb:   /'

# The desktop entries and the AppStream metainfo, as the package installs them. appstreamcli
# (AppStream 1.0 on Debian 13) warns that the component has no homepage: it has none yet, and
# AppStream lets a component without an active homepage lower that check (--override).
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"; lf_root_cleanup' EXIT
dpkg-deb -x "$deb" "$unpacked"
desktop-file-validate "$unpacked"/usr/share/applications/*.desktop || lf_die "desktop-file-validate failed"
# AppStream 0.16 (Debian 12) has neither that check nor its tag, and refuses to override it.
overrides=()
if dpkg --compare-versions "$(dpkg-query -W -f '${Version}' appstream)" ge 1.0; then
  overrides=(--override=url-homepage-missing=info)
fi
if ! appstreamcli validate --no-net "${overrides[@]}" \
  "$unpacked"/usr/share/metainfo/*.metainfo.xml | sed 's/^/install-deb: appstreamcli: /'; then
  lf_die "appstreamcli validate failed"
fi
stage "desktop entries and metainfo valid"

# lintian's tags that are kept, each for a reason (any other warning or error fails the test):
LINTIAN_KEPT=(
  # lintian runs `appstreamcli validate-tree`, which on Debian 13 warns url-homepage-missing: the
  # component has no homepage yet (checked above with that one check lowered).
  appstream-metadata-validation-failed
)
lintian_out=$(lintian --tag-display-limit 0 "$deb" 2>&1 || true)
echo "$lintian_out" | sed 's/^/install-deb: lintian: /'
bad=$(echo "$lintian_out" | grep -E '^[EW]: ' | grep -vE "$(printf ' %s( |$)|' "${LINTIAN_KEPT[@]}" | sed 's/|$//')" || true)
if [ -n "$bad" ]; then
  echo "$bad" >&2
  lf_die "lintian: the errors or warnings above are not among the kept ones (LINTIAN_KEPT)"
fi
stage "lintian"

codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
root="$LF_CACHE/$codename-install"
lf_claim_root "$root"
lf_fresh_root "$codename" "$root"
cp "$deb" "$root/tmp/"
cp "$here/install-checks.sh" "$root/tmp/"
lf_mount "$root" "$codename"
stage "fresh $codename root"
lf_run "$root" "bash /tmp/install-checks.sh /tmp/$(basename "$deb")"
stage "installed, used and purged"
lf_root_cleanup
lf_remove_root "$root"
