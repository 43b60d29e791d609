#!/usr/bin/env bash
# Runs inside a fresh minbase Debian root (tests/debian/install-deb.sh), as root, in a bare
# environment: installs the package as a user would, uses it, removes it. Each check fails with
# one line saying what is wrong.
set -euo pipefail
deb=${1:?}
fail() { echo "install-checks: $*" >&2; exit 1; }
say() { echo "install-checks: $*"; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
before=$(dpkg-query -W -f='${Package}\n' | sort)
apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
after=$(dpkg-query -W -f='${Package}\n' | sort)
added=$(comm -13 <(echo "$before") <(echo "$after"))
say "apt-get install ./$(basename "$deb") added $(echo "$added" | wc -l) packages"
# Exactly what running needs: no development package, no compiler.
dev=$(echo "$added" | grep -E -- '-dev$|^(gcc|g\+\+|cpp|make|cmake)(-[0-9.]+)?$' || true)
[ -z "$dev" ] || fail "the package pulled in build-time packages: $(echo $dev)"
files=$(dpkg -L local-fortune)

# The command line: a headless server and a fetch talk.
dir=$(mktemp -d)
local-fortune server --headless --name "$dir/sock" >"$dir/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do [ -S "$dir/sock" ] && break; sleep 0.1; done
fortune=$(local-fortune fetch --name "$dir/sock") || fail "fetch failed: $fortune"
kill -TERM "$server"; wait "$server" || fail "the server did not exit 0 on SIGTERM: $(cat "$dir/server.out")"
case "$fortune" in
  "You might have mail."|"You've got to think about tomorrow."|"You will be surprised by a loud noise."|\
  "You will feel hungry again in another hour."|"You cannot kill time without injuring eternity."|\
  "You've been leading a dog's life. Stay off the furniture."|\
  "Computers are not intelligent. They only think they are.") say "fetch: $fortune" ;;
  *) fail "fetch printed $fortune" ;;
esac

# The tools a user has for the rest: man, bash completion, an X server.
apt-get install -y -qq --no-install-recommends man-db bash-completion xvfb xauth xdotool >/dev/null
man_page=$(man -w local-fortune) || fail "man -w local-fortune found no page"
[ "$man_page" = /usr/share/man/man1/local-fortune.1.gz ] || fail "man -w local-fortune: $man_page"
man -w local-fortune-server >/dev/null || fail "man -w local-fortune-server found no page"
say "man -w local-fortune: $man_page"
completed=$(bash -c '
  source /usr/share/bash-completion/bash_completion
  __load_completion local-fortune || exit 1
  COMP_WORDS=(local-fortune se); COMP_CWORD=1; COMP_LINE="local-fortune se"; COMP_POINT=${#COMP_LINE}
  func=$(complete -p local-fortune | sed -n "s/.*-F \([^ ]*\).*/\1/p")
  "$func" local-fortune se local-fortune
  echo "${COMPREPLY[*]}"')
[ "$completed" = server ] || fail "bash completes \"local-fortune se\" to \"$completed\", not \"server\""
say "bash completes \"local-fortune se\" to \"$completed\""

# The menu entry of the server window: its Exec line, run as the desktop runs it, opens a window
# titled "Local Fortune Server" on a real X server.
desktop=/usr/share/applications/io.github.localfortune.LocalFortune.Server.desktop
exec_line=$(sed -n 's/^Exec=//p' "$desktop" | head -n1)
[ -n "$exec_line" ] || fail "$desktop has no Exec line"
Xvfb :77 -nolisten tcp -noreset -screen 0 1024x768x24 >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -e /tmp/.X11-unix/X77 ] && break; sleep 0.1; done
(cd "$dir" && export DISPLAY=:77 TMPDIR="$dir" && exec $exec_line) >"$dir/window.out" 2>&1 &
window=$!
title=
for _ in $(seq 300); do
  title=$(DISPLAY=:77 xdotool search --name "Local Fortune Server" getwindowname 2>/dev/null | head -n1 || true)
  [ -n "$title" ] && break
  kill -0 "$window" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$window" 2>/dev/null || true; wait "$window" 2>/dev/null || true
kill -TERM "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
[ "$title" = "Local Fortune Server" ] || fail "\"$exec_line\" opened no window titled \"Local Fortune Server\": $(cat "$dir/window.out")"
say "Exec=$exec_line opened the window \"$title\""
rm -rf "$dir"

# Removal: nothing of ours is left.
apt-get purge -y -qq local-fortune >/dev/null
left=$(for f in $files; do [ -f "$f" ] || [ -L "$f" ] && echo "$f"; done || true)
[ -z "$left" ] || fail "apt-get purge left: $left"
say "apt-get purge local-fortune left none of its $(echo "$files" | wc -l) paths"
