#!/bin/bash
# `make bench` (issue 11): our headless server against Debian's unmodified Qt 5.15.8 examples and
# a raw C floor, local sockets and TCP on loopback, measured in one run on this machine, printed as
# one table. Targets are reported (met / not met), never enforced: the exit status only says
# whether every row could be measured.
#
# Environment (all optional): LOCAL_FORTUNE (our binary, default target/release/local-fortune),
# BENCH_TOOLS (where `make bench` built load and floor, default target/bench), BENCH_SECS (seconds
# per row, 5), BENCH_THREADS (load threads, 4), BENCH_SOAK (connections for the RSS/descriptor
# check, 1000000) and BENCH_SOAK_SECS (its time cap per transport, 35: the 3-minute budget).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${LOCAL_FORTUNE:-$ROOT/target/release/local-fortune}
TOOLS=${BENCH_TOOLS:-$ROOT/target/bench}
SECS=${BENCH_SECS:-5}
THREADS=${BENCH_THREADS:-4}
SOAK=${BENCH_SOAK:-1000000}
SOAK_SECS=${BENCH_SOAK_SECS:-35}
QT5=/usr/lib/x86_64-linux-gnu/qt5/examples
ORIG_LOCAL=$QT5/corelib/ipc/localfortuneserver/localfortuneserver
ORIG_TCP=$QT5/network/fortuneserver/fortuneserver
ORIG_THREADED=$QT5/network/threadedfortuneserver/threadedfortuneserver
HZ=$(getconf CLK_TCK)
START=$EPOCHREALTIME

die() { echo "bench: $*" >&2; exit 1; }

for f in "$BIN" "$TOOLS/load" "$TOOLS/floor"; do
  [ -x "$f" ] || die "$f is missing: run \`make bench\` (it builds it)"
done
for f in "$ORIG_LOCAL" "$ORIG_TCP" "$ORIG_THREADED"; do
  [ -x "$f" ] || die "the original Qt 5 example $f is missing, so its row cannot run: \`make deps\` installs it (Debian package qtbase5-examples)"
done

# Server on CPU 0, load on CPU 1: neither steals the other's CPU, and the server's figures do
# not depend on how the scheduler mixes them. With one CPU both share it (said in the output).
if [ "$(nproc)" -ge 2 ]; then
  SERVER_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); PINNING="server on CPU 0, load on CPU 1"
else
  SERVER_CPU=(); LOAD_CPU=(); PINNING="one CPU: server and load share it (not pinned)"
fi

# Everything private: sockets, the Qt 5 examples' TMPDIR (their socket) and XDG_RUNTIME_DIR.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/local-fortune-bench.XXXXXX")
mkdir -m 700 "$WORK/qt5tmp" "$WORK/xdg"
PIDS=()
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops one server we started, by its pid: SIGTERM (each of them exits cleanly on it), SIGKILL
# if it is still there after 3 s.
stop() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# start NAME COMMAND...: the server in the background, pinned, stdout+stderr in $WORK/NAME.out.
# taskset and env exec the command, so $! is the server's own pid.
start() {
  local name=$1; shift
  : >"$WORK/$name.out" # exists before the server does, for printed_address
  "${SERVER_CPU[@]}" "$@" >>"$WORK/$name.out" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
}

# The address a server printed ("listening on PATH" or "listening on 127.0.0.1:PORT").
printed_address() {
  local name=$1 line
  for _ in $(seq 100); do
    line=$(grep -o 'listening on [^ ]*' "$WORK/$name.out" || true)
    [ -n "$line" ] && { echo "${line#listening on }"; return; }
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$WORK/$name.out" >&2
  die "$name did not start listening"
}

# The port of the original TCP examples, which pick one and only show it in their window: the
# pid's socket inodes (/proc/PID/fd) matched to a LISTEN row (state 0A) of /proc/net/tcp{,6}.
listening_port() {
  local pid=$1 fd link inodes hex
  for _ in $(seq 100); do
    inodes=
    for fd in /proc/"$pid"/fd/*; do
      link=$(readlink "$fd" 2>/dev/null) || continue
      [[ $link == socket:* ]] && inodes+=" ${link//[^0-9]/}"
    done
    hex=$(awk -v inodes="$inodes" 'BEGIN { n = split(inodes, a, " "); for (k = 1; k <= n; k++) want[a[k]] = 1 }
      FNR > 1 && $4 == "0A" && ($10 in want) { sub(/.*:/, "", $2); print $2; exit }' /proc/net/tcp /proc/net/tcp6)
    [ -n "$hex" ] && { echo $((16#$hex)); return; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  die "pid $pid: no listening TCP socket found"
}

wait_socket() {
  local _
  for _ in $(seq 100); do [ -S "$1" ] && return; sleep 0.1; done
  die "no socket at $1"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }        # utime + stime, all threads
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 }' /proc/stat; }  # user + nice + system, all CPUs
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }
field() { local f; f=$(grep -o "\b$1=[^ ]*" <<<"$2") && echo "${f#*=}"; }

declare -A RATE CPU P50 P99 ERR LOADCPU OTHERS
LOAD_BOUND=0 BUSY=0 FAILED=0

# measure ROW LOAD_TARGET...: a 1 s warm-up (connections, caches, the CPU's clock), then SECS s
# of load; the server's CPU time over exactly that run, from /proc/PID/stat.
measure() {
  local row=$1 pid=$SERVER_PID c0 c1 b0 b1 out n; shift
  "${LOAD_CPU[@]}" "$TOOLS/load" "$@" -t "$THREADS" -d 1 >/dev/null
  c0=$(cpu_ticks "$pid"); b0=$(busy_ticks)
  out=$("${LOAD_CPU[@]}" "$TOOLS/load" "$@" -t "$THREADS" -d "$SECS")
  c1=$(cpu_ticks "$pid"); b1=$(busy_ticks)
  n=$(field fortunes "$out")
  RATE[$row]=$(field per_s "$out")
  P50[$row]=$(field p50_us "$out")
  P99[$row]=$(field p99_us "$out")
  ERR[$row]=$(field errors "$out")
  [ "${ERR[$row]}" = 0 ] || ERR[$row]+=" ($(field first_error "$out"))"
  LOADCPU[$row]=$(field load_cpu_pct "$out")
  local secs; secs=$(field secs "$out")
  CPU[$row]=$(awk -v t=$((c1 - c0)) -v n="$n" -v hz="$HZ" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')
  # Whatever else ran meanwhile, in % of one CPU: all CPUs' busy time minus the server's and
  # the load generator's. Approximate (tick accounting), but it tells a quiet run from a busy one.
  OTHERS[$row]=$(awk -v b=$((b1 - b0)) -v s=$((c1 - c0)) -v l="${LOADCPU[$row]}" -v d="$secs" -v hz="$HZ" \
    'BEGIN { o = 100 * (b - s) / hz / d - l; printf "%.0f", o < 0 ? 0 : o }')
  [ "$n" -gt 0 ] || { echo "bench: $row served nothing: $out" >&2; FAILED=1; }
  [ "${LOADCPU[$row]}" -lt 90 ] || LOAD_BOUND=1
  [ "${OTHERS[$row]}" -lt 20 ] || BUSY=1
}

# RSS and descriptors of our server: fresh, after the measured run, after SOAK more connections.
declare -A SNAP SOAKED
snapshot() { sleep 0.5; SNAP[$1]="$(rss_kb "$SERVER_PID") kB, $(fds "$SERVER_PID") fds"; }
soak() {
  local t=$1 out; shift
  out=$("${LOAD_CPU[@]}" "$TOOLS/load" "$@" -t "$THREADS" -n "$SOAK" -d "$SOAK_SECS")
  SOAKED[$t]="$(field fortunes "$out") fetches + $(field errors "$out") errors in $(field secs "$out") s"
}

echo "bench: $PINNING; $THREADS load threads, ${SECS} s per row after a 1 s warm-up"

# --- local sockets -------------------------------------------------------------------------
start ours-local "$BIN" server --headless --name "$WORK/ours.sock"
sock=$(printed_address ours-local)
snapshot local-fresh
measure l_ours --unix "$sock"
snapshot local-before
soak local --unix "$sock"
snapshot local-after
# One fetch as a process, start to exit (Qt start-up included), median of 21, and /bin/true
# through the same loop for the cost of fork+exec alone. Pinned like the load, by pinning the
# loop's shell, so that taskset's own exec is not timed.
median_ms() {
  local t0 times=()
  while [ ${#times[@]} -lt 21 ]; do
    t0=$EPOCHREALTIME
    "$@" >/dev/null
    times+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", (b - a) * 1000 }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 11p
}
fetch_times=$(
  [ ${#LOAD_CPU[@]} = 0 ] || taskset -cp 1 "$BASHPID" >/dev/null
  echo "$(median_ms "$BIN" fetch --name "$sock") $(median_ms /bin/true)"
)
stop "$SERVER_PID"

start orig-local env QT_QPA_PLATFORM=offscreen TMPDIR="$WORK/qt5tmp" XDG_RUNTIME_DIR="$WORK/xdg" "$ORIG_LOCAL"
wait_socket "$WORK/qt5tmp/fortune"
measure l_orig --unix "$WORK/qt5tmp/fortune"
stop "$SERVER_PID"

start floor-local "$TOOLS/floor" --unix "$WORK/floor.sock"
sock=$(printed_address floor-local)
measure l_floor --unix "$sock"
stop "$SERVER_PID"

# The bridge (local-fortune bridge): the load's clients → bridge (local, qt5.10) → our server
# (local, qt6.6), both pinned to the server CPU; the CPU column is the bridge's own.
start bridge-upstream "$BIN" server --headless --name "$WORK/upstream.sock" --wire qt6.6
UPSTREAM_PID=$SERVER_PID
printed_address bridge-upstream >/dev/null
start bridge "$BIN" bridge --headless --name "$WORK/bridge.sock" --upstream-name "$WORK/upstream.sock"
sock=$(printed_address bridge)
measure l_bridge --unix "$sock"
stop "$SERVER_PID"
stop "$UPSTREAM_PID"

# --- TCP on loopback -----------------------------------------------------------------------
start ours-tcp "$BIN" server --headless --tcp 127.0.0.1:0
port=$(printed_address ours-tcp); port=${port##*:}
snapshot tcp-fresh
measure t_ours --tcp "$port"
snapshot tcp-before
soak tcp --tcp "$port"
snapshot tcp-after
stop "$SERVER_PID"

start orig-tcp env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$WORK/xdg" "$ORIG_TCP"
port=$(listening_port "$SERVER_PID")
measure t_orig --tcp "$port"
stop "$SERVER_PID"

start orig-threaded env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$WORK/xdg" "$ORIG_THREADED"
port=$(listening_port "$SERVER_PID")
measure t_thr --tcp "$port"
stop "$SERVER_PID"

start floor-tcp "$TOOLS/floor" --tcp 0
port=$(printed_address floor-tcp)
measure t_floor --tcp "${port##*:}"
stop "$SERVER_PID"

# --- the table -----------------------------------------------------------------------------
row() {
  local r=$1 load="${LOADCPU[$1]}% "
  [ "${LOADCPU[$r]}" -lt 90 ] || load="${LOADCPU[$r]}%*"
  printf '| %-5s | %-42s | %10s | %14s | %6s | %6s | %6s | %8s | %5s%% |\n' "$2" "$3" "${RATE[$r]}" \
    "${CPU[$r]}" "${P50[$r]}" "${P99[$r]}" "${ERR[$r]}" "$load" "${OTHERS[$r]}"
}
# ratio A B MIN: A/B and whether it reaches MIN.
ratio() {
  awk -v a="$1" -v b="$2" -v min="$3" 'BEGIN { r = b ? a / b : 0; printf "%.2fx (>= %.2fx: %s)", r, min, (r >= min ? "met" : "not met") }'
}
p99_vs() { [ "${P99[$1]}" -le "${P99[$2]}" ] && echo "met" || echo "not met"; }

echo
echo "| link  | server                                     | fortunes/s | CPU µs/fortune | p50 µs | p99 µs | errors | load CPU | others |"
echo "|-------|--------------------------------------------|-----------:|---------------:|-------:|-------:|-------:|---------:|-------:|"
row l_ours local "ours: server --headless --name"
row l_orig local "original localfortuneserver (Qt 5.15.8)"
row l_floor local "floor: C accept/write/close"
row l_bridge local "ours: bridge (qt5.10) -> server (qt6.6)"
row t_ours TCP "ours: server --headless --tcp 127.0.0.1:0"
row t_orig TCP "original fortuneserver (Qt 5.15.8)"
row t_thr TCP "original threadedfortuneserver (Qt 5.15.8)"
row t_floor TCP "floor: C accept/write/close"
echo
echo "Ratios: fortunes/s ours/theirs; CPU per fortune theirs/ours (> 1: ours needs less); p99 (target: no worse)"
compare() { # LABEL OURS THEIRS MIN [p99]
  local line
  line=$(printf '  %-33s fortunes/s %s; CPU %s' "$1" "$(ratio "${RATE[$2]}" "${RATE[$3]}" "$4")" \
    "$(ratio "${CPU[$3]}" "${CPU[$2]}" "$4")")
  [ -z "${5:-}" ] || line+="; p99 ${P99[$2]} vs ${P99[$3]} µs: $(p99_vs "$2" "$3")"
  echo "$line"
}
compare "local ours/localfortuneserver" l_ours l_orig 1.25 p99
compare "local ours/floor" l_ours l_floor 0.85
awk -v a="${RATE[l_bridge]}" -v b="${RATE[l_ours]}" 'BEGIN { printf "  %-33s fortunes/s %.2fx (no target: each fortune is fetched upstream, then re-encoded)\n", "local bridge/straight", b ? a / b : 0 }'
compare "TCP   ours/fortuneserver" t_ours t_orig 1.25 p99
compare "TCP   ours/threadedfortuneserver" t_ours t_thr 1.25 p99
compare "TCP   ours/floor" t_ours t_floor 0.85
if [ "$LOAD_BOUND" = 1 ]; then
  echo "  * the load generator used >= 90% of its CPU: on that row the load, not the server, is the"
  echo "    ceiling of fortunes/s (and of the ratios); server CPU µs per fortune is the figure to compare."
fi
[ "$BUSY" = 0 ] || echo "  Note: other processes used >= 20% of a CPU during some rows (column \"others\"): a busy machine."
echo
echo "Our server, RSS and open descriptors (target: flat):"
for t in local tcp; do
  echo "  $t: fresh ${SNAP[$t-fresh]}; after the run above ${SNAP[$t-before]}; after ${SOAKED[$t]} more: ${SNAP[$t-after]}"
done
read -r fetch_ms true_ms <<<"$fetch_times"
echo "One \`local-fortune fetch --name\` as a process, start to exit: $fetch_ms ms (median of 21; /bin/true: $true_ms ms)"
echo
echo "Machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: done in $(awk -v a="$START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
exit "$FAILED"
