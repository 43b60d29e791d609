#!/usr/bin/env bash
# `make test-qtcreator`: Debian's real Qt Creator, driven under Xvfb with xdotool as a user drives
# it: a fresh settings folder with CTest as the only active test framework, the project opened
# (Ctrl+Shift+O, its CMakeLists.txt) and configured with the kit Qt Creator detects, built
# (Ctrl+B), then Tools > Tests > Run All Tests. The outcome is read from what ctest itself writes
# in the build folder Qt Creator configured (Testing/Temporary/LastTest.log), not from the
# screen. Then qml/ServerWindow.qml is opened with the locator (Ctrl+K) for a human to look at
# how the QML code model marks `import LocalFortune`.
#
# It works on a copy of the checkout's tracked files in a temporary folder (the user's tree and
# its build/ stay untouched) and starts its own Xvfb and Qt Creator, which it stops by pid on
# every way out. Screenshots, Qt Creator's output and ctest's logs go to target/qtcreator/.
# Qt Creator 9.0.2 (Debian 12), 16.0.1 (Debian 13) and 20.0.2 (Debian testing).
#
# Environment: LF_QTC_BUILD_TIMEOUT (s, default 1800), LF_QTC_TEST_TIMEOUT (s, default 300),
# LF_QTC_KEEP=1 keeps the temporary folder (the copy, its build, the settings),
# LF_QTC_STOP_AFTER=configure stops before building (the GUI route without a cold build).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$ROOT/target/qtcreator"
BUILD_TIMEOUT=${LF_QTC_BUILD_TIMEOUT:-1800}
TEST_TIMEOUT=${LF_QTC_TEST_TIMEOUT:-300}
STOP_AFTER=${LF_QTC_STOP_AFTER:-}

say() { printf 'test-qtcreator: %s\n' "$*"; }
fail() { say "$*" >&2; exit 1; }

# ---- 1. What it needs --------------------------------------------------------------------------
missing=()
for need in qtcreator:qtcreator Xvfb:xvfb xdotool:xdotool import:imagemagick \
  git:git; do
  command -v "${need%%:*}" >/dev/null || missing+=("${need#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo)
  else fail "missing: ${missing[*]}; run as root or with passwordless sudo, or: apt-get install ${missing[*]}"
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi
for tool in cmake ninja cargo; do
  command -v "$tool" >/dev/null || fail "$tool not found: run \`make deps\` (and install Rust) first"
done

# "Qt Creator 9.0.2 based on Qt 6.4.2" (on stderr; it wants a platform even for that).
QTC_VERSION=$(QT_QPA_PLATFORM=offscreen qtcreator -version 2>&1 |
  sed -n 's/^Qt Creator \([0-9][0-9.]*\).*/\1/p' | head -n1) || true
if [ -z "$QTC_VERSION" ]; then
  QTC_VERSION=$(dpkg-query -W -f='${Version}' qtcreator 2>/dev/null | sed 's/[+~-].*//')
fi
QTC_MAJOR=${QTC_VERSION%%.*}
say "Qt Creator ${QTC_VERSION:-unknown}"

# ---- 2. A copy, an X server, Qt Creator; all stopped on the way out -----------------------------
rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lf-qtcreator.XXXXXX")
WORK=$(cd "$WORK" && pwd -P)
SRC="$WORK/local-fortune"
SETTINGS="$WORK/settings"
mkdir -p "$SRC" "$SETTINGS/QtProject" "$WORK/runtime"
chmod 700 "$WORK/runtime"
# Tracked files as they are in the working tree (a tracked file deleted there is skipped); a copy
# without git (a Debian root's, tests/debian/make-in-root.sh) is copied whole but for its builds.
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$ROOT" && git ls-files -z | while IFS= read -r -d '' f; do
    if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
  done | tar --null -T - -cf -) | tar -xf - -C "$SRC"
else
  (cd "$ROOT" && tar --exclude=./target --exclude=./build -cf - .) | tar -xf - -C "$SRC"
fi

XVFB_PID=
QTC_PID=
# Every process in a tree, the root excluded (ppid links, read once).
descendants() {
  ps -eo pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END { for (p in parent) { q = p; n = 0
            while ((q in parent) && q != root && q > 1 && n++ < 64) q = parent[q]
            if (q == root && p != root) print p } }'
}
# TERM, up to 10 s, then KILL: the pid, its process group (setsid below) and every descendant
# seen before the first signal.
stop_tree() {
  local pid=$1 kids p alive
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kids=$(descendants "$pid")
  kill -TERM -- "-$pid" 2>/dev/null || true
  # shellcheck disable=SC2086 # a list of pids
  kill -TERM "$pid" $kids 2>/dev/null || true
  for _ in $(seq 50); do
    alive=
    for p in $pid $kids; do if kill -0 "$p" 2>/dev/null; then alive=1; fi; done
    [ -n "$alive" ] || break
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  kill -KILL "$pid" $kids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  [ -z "$QTC_PID" ] || stop_tree "$QTC_PID"
  [ -z "$XVFB_PID" ] || stop_tree "$XVFB_PID"
  if [ "${LF_QTC_KEEP:-0}" = 1 ]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

Xvfb -displayfd 3 -noreset -nolisten tcp -screen 0 1600x1000x24 3>"$WORK/display" \
  >"$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [ -s "$WORK/display" ] && break; sleep 0.1; done
[ -s "$WORK/display" ] || fail "Xvfb did not start (see $OUT/xvfb.log)"
DISPLAY=":$(head -n1 "$WORK/display")"
export DISPLAY
unset WAYLAND_DISPLAY

SHOT=0
LAST_SHOT=
shot() {
  SHOT=$((SHOT + 1))
  LAST_SHOT=$(printf '%s/%02d-%s.png' "$OUT" "$SHOT" "$1")
  import -window root "$LAST_SHOT" 2>/dev/null || true
}

# 3. CTest as the only active test framework, written where Qt Creator reads its settings
# (QtProject/QtCreator.ini under -settingspath). The keys are what Qt Creator 9.0.2 writes when
# CTest is ticked in Edit > Preferences > Testing > General, and 16 reads the same ones (group
# Autotest, "AutoTest.Framework." + the framework's or tool's name); 20.0.2 reads them one group
# deeper (Autotest\AutoTest.Framework... inside [Autotest]: what it wrote when CTest was ticked in
# its GUI), which the older ones ignore. The timeout is left as it
# comes: 60 s and on in 9.0.2, off in 16 and 20.
cat >"$SETTINGS/QtProject/QtCreator.ini" <<'EOF'
[Autotest]
AutoTest.Framework.QtTest=false
AutoTest.Framework.QtTest.group=false
AutoTest.Framework.QtQuickTest=false
AutoTest.Framework.QtQuickTest.group=false
AutoTest.Framework.GTest=false
AutoTest.Framework.GTest.group=false
AutoTest.Framework.Boost=false
AutoTest.Framework.Boost.group=false
AutoTest.Framework.Catch=false
AutoTest.Framework.Catch.group=false
AutoTest.Framework.CTest=true
Autotest\AutoTest.Framework.QtTest=false
Autotest\AutoTest.Framework.QtTest.group=false
Autotest\AutoTest.Framework.QtQuickTest=false
Autotest\AutoTest.Framework.QtQuickTest.group=false
Autotest\AutoTest.Framework.GTest=false
Autotest\AutoTest.Framework.GTest.group=false
Autotest\AutoTest.Framework.Boost=false
Autotest\AutoTest.Framework.Boost.group=false
Autotest\AutoTest.Framework.Catch=false
Autotest\AutoTest.Framework.Catch.group=false
Autotest\AutoTest.Framework.CTest=true
EOF

# As from a desktop session: nothing of a calling make's jobserver, no colour or platform forced
# by the caller (what Qt Creator itself adds to ctest's environment is what gets recorded), and no
# compiler cache of the Makefile's (a desktop session has none).
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CLICOLOR_FORCE -u CLICOLOR -u NO_COLOR -u COLUMNS \
  -u CMAKE_CXX_COMPILER_LAUNCHER -u CCACHE_DIR -u CCACHE_SLOPPINESS \
  -u QT_QPA_PLATFORM -u QT_QPA_PLATFORMTHEME XDG_RUNTIME_DIR="$WORK/runtime" \
  setsid qtcreator -settingspath "$SETTINGS" >"$OUT/qtcreator.log" 2>&1 </dev/null &
QTC_PID=$!

alive() { kill -0 "$QTC_PID" 2>/dev/null || fail "Qt Creator exited (see $OUT/qtcreator.log)"; }
# Visible top-level windows of Qt Creator, "id width height name" per line.
windows() {
  local w WIDTH HEIGHT
  for w in $(xdotool search --onlyvisible --class '^QtCreator$' 2>/dev/null); do
    WIDTH=0 HEIGHT=0
    eval "$(xdotool getwindowgeometry --shell "$w" 2>/dev/null | grep -E '^(WIDTH|HEIGHT)=')"
    printf '%s %s %s %s\n' "$w" "${WIDTH:-0}" "${HEIGHT:-0}" "$(xdotool getwindowname "$w" 2>/dev/null)"
  done
}
MAIN=
for _ in $(seq 120); do
  alive
  MAIN=$(windows | awk '$2 * $3 > 400000 && !found { print $1; found = 1 }')
  [ -n "$MAIN" ] && break
  sleep 0.5
done
[ -n "$MAIN" ] || { shot no-window; fail "no Qt Creator window within 60 s"; }
xdotool windowmove "$MAIN" 0 0 windowsize "$MAIN" 1600 1000
sleep 5 # plugins finish loading
# Xvfb has no window manager: keys go to the window holding the X input focus.
focus() { timeout 5 xdotool windowfocus --sync "$1" 2>/dev/null || xdotool windowfocus "$1"; }
# A first start may greet with a dialog (not seen in 9.0.2 or 16.0.1): shown, then dismissed.
windows | awk -v main="$MAIN" '$1 != main && $2 > 150 && $3 > 80' | while read -r w _ _ name; do
  say "dismissing a window at start: $name"
  focus "$w"
  xdotool key Escape
done
shot started

# Waits up to $1 s for a visible Qt Creator window whose name matches the regex $2; prints its id.
wait_window() {
  local w
  for _ in $(seq $(($1 * 2))); do
    alive
    w=$(windows | awk -v main="$MAIN" -v re="$2" '$1 != main && $0 ~ re { print $1; exit }')
    if [ -n "$w" ]; then echo "$w"; return 0; fi
    sleep 0.5
  done
  return 1
}
# Pids whose command line holds all the given words (shells, this script among them, excluded).
procs_with() {
  local p cmd word ok args
  for p in /proc/[0-9]*; do
    args=()
    mapfile -d '' -t args 2>/dev/null <"$p/cmdline" || continue
    if [ ${#args[@]} -eq 0 ] || [ "${args[0]##*/}" = bash ]; then continue; fi
    cmd=" ${args[*]} "
    ok=1
    for word in "$@"; do case $cmd in *"$word"*) ;; *) ok= ;; esac; done
    [ -z "$ok" ] || echo "${p#/proc/}"
  done
}
ctest_pid() {
  local p comm args
  for p in $(procs_with ctest); do
    read -r comm 2>/dev/null <"/proc/$p/comm" || continue
    [ "$comm" = ctest ] || continue
    args=()
    mapfile -d '' -t args 2>/dev/null <"/proc/$p/cmdline" || continue
    case "$(readlink "/proc/$p/cwd" 2>/dev/null) ${args[*]}" in
      *"$BUILD"*) echo "$p"; return 0 ;;
    esac
  done
  return 1
}

# ---- 4. Open, configure, build -----------------------------------------------------------------
focus "$MAIN"
xdotool key ctrl+shift+o
dialog=$(wait_window 20 'Load Project|Open File|Open Project') || { shot no-open-dialog; fail "File > Open File or Project (Ctrl+Shift+O) did not open"; }
focus "$dialog"
xdotool type --delay 15 "$SRC/CMakeLists.txt"
xdotool key Return
for _ in $(seq 40); do windows | grep "^$dialog " >/dev/null || break; sleep 0.5; done
sleep 4
shot configure-page

t0=$SECONDS
focus "$MAIN"
xdotool key alt+c # the Configure Project button
BUILD=
for i in $(seq 120); do
  alive
  cache=$(find "$WORK" -maxdepth 4 -name CMakeCache.txt -not -path "$SETTINGS/*" 2>/dev/null | head -n1)
  if [ -n "$cache" ]; then BUILD=$(dirname "$cache"); break; fi
  if [ "$i" = 30 ]; then focus "$MAIN"; xdotool key alt+c; fi # once more, had the focus strayed
  sleep 0.5
done
[ -n "$BUILD" ] || { shot not-configured; fail "Configure Project: no CMakeCache.txt under $WORK within 60 s"; }
# Done when CMake's file API answered Qt Creator and no cmake runs on that folder any more.
for _ in $(seq 300); do
  alive
  if compgen -G "$BUILD/.cmake/api/v1/reply/index-*.json" >/dev/null &&
     [ -z "$(procs_with cmake "$BUILD")" ]; then break; fi
  sleep 1
done
compgen -G "$BUILD/.cmake/api/v1/reply/index-*.json" >/dev/null ||
  { shot not-configured; fail "configure did not finish within 5 min"; }
sleep 5
say "configured $BUILD in $((SECONDS - t0)) s (kit qmake: $(sed -n 's/^QT_QMAKE_EXECUTABLE:[A-Z]*=//p' "$BUILD/CMakeCache.txt"))"
shot configured

# 6. The QML editor's verdict on `import LocalFortune`, for a human: the locator (Ctrl+K), or,
# when the project tree does not list the file, the locator's file system filter. With "reset"
# (after a build), a second screenshot after Tools > QML/JS > Reset Code Model: 9.0.2 keeps
# "QML module not found" from the configure, before the build made the module, until then.
open_qml() {
  local title=
  focus "$MAIN"
  xdotool key Escape
  xdotool key ctrl+k
  sleep 1
  xdotool type --delay 20 ServerWindow.qml
  sleep 3
  xdotool key Return
  for _ in $(seq 20); do
    title=$(xdotool getwindowname "$MAIN" 2>/dev/null)
    case $title in *ServerWindow.qml*) break ;; esac
    sleep 0.5
  done
  case $title in
    *ServerWindow.qml*) ;;
    *)
      say "the locator did not find ServerWindow.qml in the project; opening it by path (f <path>)"
      focus "$MAIN"
      xdotool key Escape ctrl+k
      sleep 1
      xdotool key ctrl+a
      xdotool type --delay 15 "f $SRC/qml/ServerWindow.qml"
      sleep 3
      xdotool key Return
      sleep 3
      ;;
  esac
  sleep 8 # the QML code model
  focus "$MAIN"
  xdotool key alt+1 # the Issues pane, with the code model's messages
  sleep 2
  shot ServerWindow.qml
  if [ "${1:-}" = reset ]; then
    focus "$MAIN"
    xdotool key Escape alt+t
    sleep 1
    xdotool key q # QML/JS
    sleep 1
    xdotool key Return # its first entry, Reset Code Model
    sleep 10
    focus "$MAIN"
    xdotool key alt+1
    sleep 2
    shot ServerWindow.qml-code-model-reset
  fi
}

if [ "$STOP_AFTER" = configure ]; then
  open_qml reset
  say "stopped after configure (LF_QTC_STOP_AFTER=configure); screenshots in $OUT"
  exit 0
fi

t0=$SECONDS
focus "$MAIN"
xdotool key ctrl+b
started=
for _ in $(seq 60); do
  alive
  if [ -n "$(procs_with " --build " "$BUILD")" ]; then started=1; break; fi
  sleep 0.5
done
[ -n "$started" ] || { shot no-build; fail "Ctrl+B started no build in $BUILD within 30 s"; }
idle=0
while [ "$idle" -lt 3 ]; do
  alive
  [ $((SECONDS - t0)) -le "$BUILD_TIMEOUT" ] || { shot build-timeout; fail "the build did not end within $BUILD_TIMEOUT s"; }
  if [ -n "$(procs_with " --build " "$BUILD")" ]; then idle=0; else idle=$((idle + 1)); fi
  sleep 2
done
BUILD_TIME=$((SECONDS - t0))
focus "$MAIN"
xdotool key alt+4 # Compile Output
sleep 2
shot built
built_shot=$LAST_SHOT
for app in local-fortune-server local-fortune-client; do
  if [ ! -x "$BUILD/$app" ]; then
    open_qml
    fail "the build failed after $BUILD_TIME s: no $app (Compile Output: $built_shot)"
  fi
done
say "built in $BUILD_TIME s"

# ---- 5. Tools > Tests > Run All Tests ----------------------------------------------------------
t0=$SECONDS
date +%s >"$WORK/tests-started"
focus "$MAIN"
xdotool key alt+shift+t alt+a # Run All Tests' shortcut, in 9, 16 and 20
LOG="$BUILD/Testing/Temporary/LastTest.log"
FAILED_LOG="$BUILD/Testing/Temporary/LastTestsFailed.log"
# LastTest.log of this run: written since Run All Tests was pressed.
fresh() { [ -f "$1" ] && [ "$(stat -c %Y "$1")" -ge "$(cat "$WORK/tests-started")" ]; }
CTEST=
menu_tried=
while [ -z "$CTEST" ]; do
  alive
  [ $((SECONDS - t0)) -le "$TEST_TIMEOUT" ] || { shot no-ctest; fail "Run All Tests: no ctest started in $BUILD within $TEST_TIMEOUT s"; }
  CTEST=$(ctest_pid) || true
  if [ -z "$CTEST" ] && fresh "$LOG"; then
    CTEST=$(ctest_pid) || true
    if [ -z "$CTEST" ]; then say "ctest came and went before its environment could be read"; break; fi
  fi
  if [ -z "$CTEST" ] && [ -z "$menu_tried" ] && [ $((SECONDS - t0)) -ge 45 ] &&
     [ -z "$(procs_with " --build " "$BUILD")" ]; then
    say "the shortcut started nothing; Tools > Tests > Run All Tests through the menu"
    menu_tried=1
    focus "$MAIN"
    xdotool key Escape alt+t
    sleep 1
    xdotool key t
    sleep 1
    xdotool key Return
  fi
  [ -n "$CTEST" ] || sleep 0.3
done
if [ -n "$CTEST" ]; then
  tr '\0' ' ' <"/proc/$CTEST/cmdline" >"$OUT/ctest-command.txt" 2>/dev/null || true
  tr '\0' '\n' <"/proc/$CTEST/environ" 2>/dev/null | sort >"$WORK/ctest.env" || true
  tr '\0' '\n' <"/proc/$QTC_PID/environ" 2>/dev/null | sort >"$WORK/qtcreator.env" || true
  # What the ctest process has that Qt Creator's own environment has not (added or changed).
  comm -23 "$WORK/ctest.env" "$WORK/qtcreator.env" >"$OUT/ctest-environ-added.txt" || true
  say "ctest: $(cat "$OUT/ctest-command.txt")(pid $CTEST, in $BUILD)"
  if grep -q '^CLICOLOR_FORCE=' "$WORK/ctest.env"; then
    say "ctest's environment: $(grep '^CLICOLOR_FORCE=' "$WORK/ctest.env") (Qt Creator set it)"
  else
    say "ctest's environment: CLICOLOR_FORCE not set"
  fi
  while kill -0 "$CTEST" 2>/dev/null; do
    [ $((SECONDS - t0)) -le "$TEST_TIMEOUT" ] || { shot test-timeout; fail "ctest still ran after $TEST_TIMEOUT s"; }
    sleep 1
  done
fi
TEST_TIME=$((SECONDS - t0))
sleep 6 # Qt Creator reads ctest's output
if [ "${QTC_MAJOR:-0}" = 9 ]; then
  focus "$MAIN"
  xdotool key alt+8 # 9.0.2 leaves Compile Output (its pre-build) in front; Test Results is 8th
  sleep 2
fi
shot tests

if ! fresh "$LOG"; then
  open_qml reset
  say "Qt Creator $QTC_VERSION: Run All Tests: ctest wrote no $LOG"
  exit 1
fi
cp "$LOG" "$OUT/"
if fresh "$FAILED_LOG"; then cp "$FAILED_LOG" "$OUT/"; fi
run=$(grep -cE '^[0-9]+/[0-9]+ Test: ' "$LOG" || true)
planned=$(sed -n 's|^[0-9]*/\([0-9]*\) Test: .*|\1|p' "$LOG" | head -n1)
passed=$(grep -c '^Test Passed\.$' "$LOG" || true)
failed=$((run - passed))
failed_names=$(awk '/^[0-9]+\/[0-9]+ Test: / { name = $3 }
                    /^Test [A-Za-z ]+\.$/ && !/^Test Passed\.$/ { printf "%s%s", sep, name; sep = ", " }' "$LOG")

open_qml reset

say "timings: build $BUILD_TIME s, Run All Tests $TEST_TIME s (pre-build and ctest); screenshots and logs in $OUT"
summary="test-qtcreator: Qt Creator $QTC_VERSION: Run All Tests: $passed passed, $failed failed"
[ -z "$failed_names" ] || summary="$summary ($failed_names)"
if ! grep -q '^End testing:' "$LOG"; then
  timeout_note=
  if [ "${QTC_MAJOR:-0}" -lt 16 ] 2>/dev/null; then timeout_note=", e.g. by Qt Creator $QTC_MAJOR's test timeout (60 s, on by default)"; fi
  echo "$summary; ctest ended after $run of ${planned:-?} tests without \"End testing\" (killed$timeout_note)"
  exit 1
fi
echo "$summary"
if [ "$run" -eq 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
