#!/bin/sh
# Writes what `cmake --install` installs beside the binary (CMakeLists.txt): the binary itself in
# $LF_OUT/bin, stripped when LF_STRIP=1 (Release: a package ships no debugging symbols); what
# `local-fortune generate` makes from the binary's own clap definitions: gzipped man pages in
# $LF_OUT/man and the bash, zsh and fish completions in $LF_OUT/completions; and the gzipped
# Debian changelog. LF_CLI: the built binary; LF_SOURCE: the source folder.
set -eu
: "${LF_CLI:?}" "${LF_OUT:?}" "${LF_SOURCE:?}"
rm -rf "$LF_OUT/man" "$LF_OUT/completions" "$LF_OUT/bin"
mkdir -p "$LF_OUT/man" "$LF_OUT/completions" "$LF_OUT/bin" "$LF_OUT/doc"
if [ "${LF_STRIP:-0}" = 1 ]; then
  strip --strip-unneeded -o "$LF_OUT/bin/local-fortune" "$LF_CLI"
else
  cp "$LF_CLI" "$LF_OUT/bin/local-fortune"
fi
gzip -9nc "$LF_SOURCE/packaging/changelog" >"$LF_OUT/doc/changelog.gz"
"$LF_CLI" generate man "$LF_OUT/man"
gzip -9n "$LF_OUT"/man/*.1
"$LF_CLI" generate complete-bash >"$LF_OUT/completions/local-fortune"
"$LF_CLI" generate complete-zsh >"$LF_OUT/completions/_local-fortune"
"$LF_CLI" generate complete-fish >"$LF_OUT/completions/local-fortune.fish"
