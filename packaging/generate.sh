#!/bin/sh
# Writes what `local-fortune generate` makes from the binary's own clap definitions, for
# `cmake --install` (CMakeLists.txt): gzipped man pages in $LF_OUT/man and the bash, zsh and fish
# completions in $LF_OUT/completions. LF_CLI: the built binary.
set -eu
: "${LF_CLI:?}" "${LF_OUT:?}"
rm -rf "$LF_OUT/man" "$LF_OUT/completions"
mkdir -p "$LF_OUT/man" "$LF_OUT/completions"
"$LF_CLI" generate man "$LF_OUT/man"
gzip -9n "$LF_OUT"/man/*.1
"$LF_CLI" generate complete-bash >"$LF_OUT/completions/local-fortune"
"$LF_CLI" generate complete-zsh >"$LF_OUT/completions/_local-fortune"
"$LF_CLI" generate complete-fish >"$LF_OUT/completions/local-fortune.fish"
