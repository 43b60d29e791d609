#!/bin/bash
# `make bench` (issues 11 and 19): our headless server against Debian's unmodified Qt 5.15
# examples and raw C floors, local sockets and TCP on loopback, measured in one run on this
# machine, printed as one table. Targets are reported (met / not met), never enforced: the exit
# status only says whether every row could be measured.
#
# Measured so that a ratio holds still (issue 19): every server of a transport runs at once and
# the rows are loaded in turn, round after round (ours, original, floor, ..., ours, ...), so a
# slow minute of the machine lands on every row rather than on one; each row prints the median
# of its rounds and their spread (min-max), and every ratio is taken between medians.
#
# Environment (all optional): LOCAL_FORTUNE (our binary, default target/release/local-fortune),
# BENCH_TOOLS (where `make bench` built load, floor and relay, default target/bench), BENCH_ROUNDS
# (rounds per row, 3, at least 3), BENCH_SECS (seconds per round, 3), BENCH_WARMUP (seconds of
# load before each round, 0.5), BENCH_THREADS (load threads, 1), BENCH_CONNS (connections in
# flight per load thread, 32), BENCH_SOAK (connections for the RSS/descriptor check, 1000000) and
# BENCH_SOAK_SECS (its time cap per transport, 30), BENCH_TLS_THREADS (blocking clients of the
# TLS rows, 2), BENCH_STEAL_LIMIT (% of the CPUs' time, 5),
# BENCH_OTHERS_LIMIT (% of one CPU, 20) and BENCH_RETRIES (3): see measure; BENCH_SYSCALL_FETCHES
# (20000): see syscalls. With the defaults a quiet run takes about 3.7 minutes (212-220 s on the
# machine of docs/benchmark.md), under the 4-minute budget; every round measured again adds its
# seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${LOCAL_FORTUNE:-$ROOT/target/release/local-fortune}
TOOLS=${BENCH_TOOLS:-$ROOT/target/bench}
# cxx-qt-sockets' async Local Fortune Server (crates/cxx-qt-sockets/examples/async_server.rs).
ASYNC=${ASYNC_SERVER:-$ROOT/target/release/examples/async_server}
ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECS:-3}
WARMUP=${BENCH_WARMUP:-0.5}
THREADS=${BENCH_THREADS:-1}
CONNS=${BENCH_CONNS:-32}
SOAK=${BENCH_SOAK:-1000000}
SOAK_SECS=${BENCH_SOAK_SECS:-30}
QT5=/usr/lib/x86_64-linux-gnu/qt5/examples
# The originals' Qt, as their package says (5.15.8 on Debian 12, 5.15.15 on Debian 13).
QT5_VERSION=$(dpkg-query -W -f '${Version}' qtbase5-examples 2>/dev/null | sed 's/[+~-].*//' || true)
ORIG_LOCAL=$QT5/corelib/ipc/localfortuneserver/localfortuneserver
ORIG_TCP=$QT5/network/fortuneserver/fortuneserver
ORIG_THREADED=$QT5/network/threadedfortuneserver/threadedfortuneserver
HZ=$(getconf CLK_TCK)
START=$EPOCHREALTIME
# A load generator at or above this % of its CPU is the ceiling of its row (see the legend).
LOAD_CEILING=90

die() { echo "bench: $*" >&2; exit 1; }

TLS_THREADS=${BENCH_TLS_THREADS:-2}
for f in "$BIN" "$ASYNC" "$TOOLS/load" "$TOOLS/floor" "$TOOLS/relay" "$TOOLS/tls"; do
  [ -x "$f" ] || die "$f is missing: run \`make bench\` (it builds it)"
done
for f in "$ORIG_LOCAL" "$ORIG_TCP" "$ORIG_THREADED"; do
  [ -x "$f" ] || die "the original Qt 5 example $f is missing, so its row cannot run: \`make deps\` installs it (Debian package qtbase5-examples)"
done
# Fewer than 3 rounds has no median worth the name.
[ "$ROUNDS" -ge 3 ] || die "BENCH_ROUNDS must be at least 3"

# Servers on CPU 0, load on CPU 1: neither steals the other's CPU, and the server's figures do
# not depend on how the scheduler mixes them. With one CPU both share it (said in the output).
if [ "$(nproc)" -ge 2 ]; then
  SERVER_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); PINNING="servers on CPU 0, load on CPU 1"
else
  SERVER_CPU=(); LOAD_CPU=(); PINNING="one CPU: servers and load share it (not pinned)"
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
# if it is still there after 3 s. Once reaped, the pid leaves PIDS: the system may give it to
# another process, which the EXIT trap must not signal.
stop() {
  local pid=$1 p kept=()
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

# start NAME COMMAND...: the server in the background, pinned, stdout+stderr in $WORK/NAME.out;
# its pid in PID[NAME]. taskset and env exec the command, so $! is the server's own pid.
declare -A PID
start() {
  local name=$1; shift
  : >"$WORK/$name.out" # exists before the server does, for printed
  "${SERVER_CPU[@]}" "$@" >>"$WORK/$name.out" 2>&1 &
  PID[$name]=$!
  PIDS+=("$!")
}

# printed NAME WHAT: what a server printed on its "listening on" line: `address` (a path or
# 127.0.0.1:PORT) or `wire` (ours: "(wire qt5.10, ...)").
printed() {
  local name=$1 what=$2 line
  for _ in $(seq 100); do
    line=$(grep -m1 'listening on ' "$WORK/$name.out" || true)
    if [ -n "$line" ]; then
      case $what in
        address) line=${line#*listening on }; echo "${line%% *}" ;;
        wire) grep -o '(wire [^,)]*' <<<"$line" | head -1 | cut -d' ' -f2 ;;
      esac
      return
    fi
    kill -0 "${PID[$name]}" 2>/dev/null || break
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

# utime + stime of all threads of all the PIDS, in clock ticks.
cpu_ticks() {
  local p s t=0
  for p; do
    s=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null) || die "pid $p exited during a round"
    t=$((t + s))
  done
  echo "$t"
}
# All CPUs' ticks from /proc/stat's cpu line: busy (user + nice + system), steal (the hypervisor's:
# time this VM wanted a CPU and did not get it), and every field (guest time is inside user).
cpu_line() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print $2 + $3 + $4, $9, t }' /proc/stat; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }
field() { local f; f=$(grep -o "\b$1=[^ ]*" <<<"$2") && echo "${f#*=}"; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'; }

# A row: the load's --unix PATH or --tcp PORT, the frame format every fetch must be (a wrong or
# cut frame is an error, so a relay that mangles frames cannot look fast), and the pids whose CPU
# is the row's: the server, or a relay and its upstream server (a relayed fortune costs both).
declare -A FLAG ADDR WIRE ROWPIDS
# An empty address or wire: the $(...) that looked for it failed (and said why on stderr), which
# set -e does not catch inside a command's arguments.
row_def() {
  [ -n "$3" ] || die "row $1: no address to load"
  [ -n "$4" ] || die "row $1: the server did not say which wire format it sends"
  FLAG[$1]=$2; ADDR[$1]=$3; WIRE[$1]=$4; ROWPIDS[$1]=$5
}

# Per row, the figures of each round, space-separated; the table takes medians and spreads.
declare -A RATE CPU OWNCPU P50 P99 ERR FIRST_ERR LOADCPU LOADUS OTHERS STEAL REPEATED DISTURBED RESUMED
FAILED=0
# A round is disturbed when the hypervisor stole more than STEAL_LIMIT % of the CPUs' time, or
# other processes used more than OTHERS_LIMIT % of one CPU: its figures say more about the
# machine than about the row. It is measured again, up to RETRIES times; one still disturbed
# then is kept, marked, and left out of the verdicts with the rest of its row's rounds.
STEAL_LIMIT=${BENCH_STEAL_LIMIT:-5}
OTHERS_LIMIT=${BENCH_OTHERS_LIMIT:-20}
RETRIES=${BENCH_RETRIES:-3}

# The TLS rows (--tls, --tls-resume) are loaded by tls.c's blocking clients, the others by load.c.
load() {
  case $1 in
    --tls | --tls-resume) "${LOAD_CPU[@]}" "$TOOLS/tls" load "$@" --ca "$WORK/tls/ca.pem" -t "$TLS_THREADS" ;;
    *) "${LOAD_CPU[@]}" "$TOOLS/load" -t "$THREADS" -c "$CONNS" "$@" ;;
  esac
}

# measure ROW: one round: WARMUP s of load (connections, caches, the CPU's clock, and the row
# before's leftovers), then SECS s; the row's CPU time over exactly that run, from /proc/PID/stat;
# the machine's steal and the other processes' CPU over the same run, from /proc/stat. A disturbed
# round (see STEAL_LIMIT) is measured again; returns 1 when it stayed disturbed.
measure() {
  local row=$1 pids own c0 c1 o0 o1 b0 b1 s0 s1 t0 t1 out n secs steal others try
  read -ra pids <<<"${ROWPIDS[$row]}"
  own=${pids[0]}
  for ((try = 0; try <= RETRIES; try++)); do
    # A server that died would make the figures below meaningless (and /proc/PID/stat unreadable).
    for c0 in "${pids[@]}"; do kill -0 "$c0" 2>/dev/null || die "$row: its server (pid $c0) has exited"; done
    load "${FLAG[$row]}" "${ADDR[$row]}" --wire "${WIRE[$row]}" -d "$WARMUP" >/dev/null
    c0=$(cpu_ticks "${pids[@]}"); o0=$(cpu_ticks "$own"); read -r b0 s0 t0 <<<"$(cpu_line)"
    out=$(load "${FLAG[$row]}" "${ADDR[$row]}" --wire "${WIRE[$row]}" -d "$SECS")
    c1=$(cpu_ticks "${pids[@]}"); o1=$(cpu_ticks "$own"); read -r b1 s1 t1 <<<"$(cpu_line)"
    n=$(field fortunes "$out"); secs=$(field secs "$out")
    steal=$(awk -v s=$((s1 - s0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.1f", t ? 100 * s / t : 0 }')
    # Whatever else ran meanwhile, in % of one CPU: all CPUs' busy time minus the row's processes'
    # and the load generator's. Approximate (tick accounting), but it tells a quiet run from a busy one.
    others=$(awk -v b=$((b1 - b0)) -v s=$((c1 - c0)) -v l="$(field load_cpu_pct "$out")" -v d="$secs" -v hz="$HZ" \
      'BEGIN { o = 100 * (b - s) / hz / d - l; printf "%.0f", o < 0 ? 0 : o }')
    if awk -v s="$steal" -v o="$others" -v sl="$STEAL_LIMIT" -v ol="$OTHERS_LIMIT" 'BEGIN { exit !(s <= sl && o < ol) }'; then
      break
    fi
    [ "$try" -lt "$RETRIES" ] && REPEATED[$row]=$(( ${REPEATED[$row]:-0} + 1 ))
  done
  RATE[$row]+="$(field per_s "$out") "
  P50[$row]+="$(field p50_us "$out") "
  P99[$row]+="$(field p99_us "$out") "
  ERR[$row]=$(( ${ERR[$row]:-0} + $(field errors "$out") ))
  [ "$(field errors "$out")" = 0 ] || [ -n "${FIRST_ERR[$row]:-}" ] || FIRST_ERR[$row]=$(field first_error "$out")
  LOADCPU[$row]+="$(field load_cpu_pct "$out") "
  LOADUS[$row]+="$(field load_us_per "$out") "
  CPU[$row]+="$(awk -v t=$((c1 - c0)) -v n="$n" -v hz="$HZ" 'BEGIN { printf "%.2f", n ? t * 1e6 / hz / n : 0 }') "
  OWNCPU[$row]+="$(awk -v t=$((o1 - o0)) -v n="$n" -v hz="$HZ" 'BEGIN { printf "%.2f", n ? t * 1e6 / hz / n : 0 }') "
  OTHERS[$row]+="$others "
  # TLS rows: how many of the round's handshakes resumed a session.
  if [[ $out == *resumed=* ]]; then RESUMED[$row]=$(( ${RESUMED[$row]:-0} + $(field resumed "$out") )); fi
  STEAL[$row]+="$steal "
  [ "$n" -gt 0 ] || { echo "bench: $row served nothing in round: $out" >&2; FAILED=1; }
  if [ "$try" -gt "$RETRIES" ]; then
    DISTURBED[$row]=$(( ${DISTURBED[$row]:-0} + 1 ))
    echo "bench: $row: a round stayed disturbed after $RETRIES repeats (steal $steal%, others $others% of a CPU)" >&2
  fi
}

# rounds ROW...: ROUNDS rounds, each loading every ROW in turn.
rounds() {
  local r row
  for ((r = 1; r <= ROUNDS; r++)); do
    for row; do measure "$row"; done
  done
}

# RSS and descriptors of our server: fresh, after the measured rounds, after SOAK more connections.
declare -A SNAP SOAKED
snapshot() { sleep 0.5; SNAP[$1]="$(rss_kb "$2") kB, $(fds "$2") fds"; }
soak() {
  local t=$1 out; shift
  out=$(load "$@" -n "$SOAK" -d "$SOAK_SECS")
  SOAKED[$t]="$(field fortunes "$out") fetches + $(field errors "$out") errors in $(field secs "$out") s"
}

echo "bench: $PINNING; load: $THREADS thread(s) x $CONNS connections in flight (epoll);" \
  "$ROUNDS interleaved rounds of ${SECS} s per row, each after a ${WARMUP} s warm-up"

# --- local sockets -------------------------------------------------------------------------
# All local servers at once, loaded in turn. The bridge and the relay floor share one upstream
# (our server, qt6.6): the same work upstream, so the rows differ only by the relay itself. Both
# are told the formats (qt5.10 to clients, qt6.6 upstream), as the relay floor knows them.
T0=$EPOCHREALTIME
start ours-local "$BIN" server --headless --name "$WORK/ours.sock"
start orig-local env QT_QPA_PLATFORM=offscreen TMPDIR="$WORK/qt5tmp" XDG_RUNTIME_DIR="$WORK/xdg" "$ORIG_LOCAL"
start floor-local "$TOOLS/floor" --unix "$WORK/floor.sock"
start upstream "$BIN" server --headless --name "$WORK/upstream.sock" --wire qt6.6
printed upstream address >/dev/null # the bridge and the relay need it listening
start bridge "$BIN" bridge --headless --name "$WORK/bridge.sock" --wire qt5.10 \
  --upstream-name "$WORK/upstream.sock" --upstream-wire qt6.6
start relay "$TOOLS/relay" --unix "$WORK/relay.sock" --upstream "$WORK/upstream.sock"
start async-local "$ASYNC" "$WORK/async.sock" qt5.10 "You've been leading a dog's life. Stay off the furniture."
row_def l_ours --unix "$(printed ours-local address)" "$(printed ours-local wire)" "${PID[ours-local]}"
wait_socket "$WORK/qt5tmp/fortune"
row_def l_orig --unix "$WORK/qt5tmp/fortune" qt5.10 "${PID[orig-local]}"
row_def l_floor --unix "$(printed floor-local address)" qt5.10 "${PID[floor-local]}"
row_def l_bridge --unix "$(printed bridge address)" "$(printed bridge wire)" "${PID[bridge]} ${PID[upstream]}"
row_def l_relay --unix "$(printed relay address)" qt5.10 "${PID[relay]} ${PID[upstream]}"
wait_socket "$WORK/async.sock"
row_def l_async --unix "$WORK/async.sock" qt5.10 "${PID[async-local]}"
ours=${PID[ours-local]}
snapshot local-fresh "$ours"
rounds l_ours l_orig l_floor l_bridge l_relay l_async
LOCAL_SECS=$(elapsed "$T0")
snapshot local-before "$ours"
T0=$EPOCHREALTIME
soak local --unix "${ADDR[l_ours]}"
snapshot local-after "$ours"
SOAK_TOTAL=$(elapsed "$T0")
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
  echo "$(median_ms "$BIN" fetch --name "${ADDR[l_ours]}") $(median_ms /bin/true)"
)
# Syscalls per relayed fortune (issue 26), bridge and relay floor: strace -c on the relay's pid
# while SYSCALL_FETCHES fetches go through it. strace stops the traced process at every call, so
# these are counts, not times, and the batches are those of a slowed process.
SYSCALL_FETCHES=${BENCH_SYSCALL_FETCHES:-20000}
declare -A SYSCALLS
syscalls() {
  local row=$1 pid=$2 trace=$WORK/strace.$1 out tracer n
  strace -c -f -p "$pid" -o "$trace" 2>"$trace.err" &
  tracer=$!
  traced() { grep -q "TracerPid:.*[1-9]" "/proc/$pid/status"; }
  for _ in $(seq 50); do traced && break; sleep 0.1; done
  if ! traced; then
    # ptrace refused (kernel.yama.ptrace_scope, a container): said, and the rest of the run goes on.
    kill "$tracer" 2>/dev/null || true; wait "$tracer" 2>/dev/null || true
    SYSCALLS[$row]="not counted: strace could not attach ($(head -n1 "$trace.err"))"
    return
  fi
  out=$(load "${FLAG[$row]}" "${ADDR[$row]}" --wire "${WIRE[$row]}" -n "$SYSCALL_FETCHES" -d 60)
  kill -INT "$tracer"; wait "$tracer" || true
  n=$(field fortunes "$out") || die "$row: the load said no fortunes= ($out)"
  [ "$n" -gt 0 ] && [ -s "$trace" ] || die "$row: no syscall count ($(head -c 300 "$trace" "$trace.err" 2>/dev/null))"
  # strace -c's rows: % time, seconds, usecs/call, calls, [errors,] syscall; the total is their sum.
  SYSCALLS[$row]=$(awk -v n="$n" '/^ *[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+/ && $NF != "total" { printf "%.2f %s\n", $4 / n, $NF }' "$trace" |
    sort -rn | awk '{ t += $1; l = l (NR > 1 ? ", " : "") $2 " " $1 } END { printf "%.1f (%s)", t, l }')
}
syscalls l_bridge "${PID[bridge]}"
syscalls l_relay "${PID[relay]}"
for name in ours-local orig-local floor-local bridge relay upstream; do stop "${PID[$name]}"; done

# --- TCP on loopback -----------------------------------------------------------------------
T0=$EPOCHREALTIME
start ours-tcp "$BIN" server --headless --tcp 127.0.0.1:0
start orig-tcp env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$WORK/xdg" "$ORIG_TCP"
start orig-threaded env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$WORK/xdg" "$ORIG_THREADED"
start floor-tcp "$TOOLS/floor" --tcp 0
addr=$(printed ours-tcp address)
row_def t_ours --tcp "${addr##*:}" "$(printed ours-tcp wire)" "${PID[ours-tcp]}"
row_def t_orig --tcp "$(listening_port "${PID[orig-tcp]}")" qt6.6 "${PID[orig-tcp]}"
row_def t_thr --tcp "$(listening_port "${PID[orig-threaded]}")" qt6.6 "${PID[orig-threaded]}"
addr=$(printed floor-tcp address)
row_def t_floor --tcp "${addr##*:}" qt6.6 "${PID[floor-tcp]}"
ours=${PID[ours-tcp]}
snapshot tcp-fresh "$ours"
rounds t_ours t_orig t_thr t_floor
TCP_SECS=$(elapsed "$T0")
snapshot tcp-before "$ours"
T0=$EPOCHREALTIME
soak tcp --tcp "${ADDR[t_ours]}"
snapshot tcp-after "$ours"
SOAK_TOTAL=$((SOAK_TOTAL + $(elapsed "$T0")))
for name in ours-tcp orig-tcp orig-threaded floor-tcp; do stop "${PID[$name]}"; done

# --- TLS on loopback -----------------------------------------------------------------------
# A CA and a certificate for localhost (EC P-256), made now, kept in $WORK only. Every fetch is a
# whole handshake, or (--tls-resume) presents the session of the thread's previous fetch (TLS 1.3
# tickets): the floor resumes it; ours cannot (Qt gives each server-side QSslSocket a TLS context
# of its own, whose ticket keys no other connection shares), so its two rows are alike.
T0=$EPOCHREALTIME
mkdir -m 700 "$WORK/tls"
(
  cd "$WORK/tls"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
  openssl req -x509 -key ca.key -out ca.pem -days 1 -subj /CN=bench-ca -addext basicConstraints=critical,CA:TRUE 2>/dev/null
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server.key 2>/dev/null
  openssl req -new -key server.key -out server.csr -subj /CN=localhost 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -out server.pem -days 1 -extfile server.ext 2>/dev/null
) || die "openssl could not make the TLS rows' certificates"
start ours-tls "$BIN" server --headless --tcp 127.0.0.1:0 --tls-cert "$WORK/tls/server.pem" --tls-key "$WORK/tls/server.key"
start floor-tls "$TOOLS/tls" serve --port 0 --cert "$WORK/tls/server.pem" --key "$WORK/tls/server.key"
addr=$(printed ours-tls address)
row_def s_ours --tls "${addr##*:}" "$(printed ours-tls wire)" "${PID[ours-tls]}"
row_def s_ours_r --tls-resume "${addr##*:}" "$(printed ours-tls wire)" "${PID[ours-tls]}"
addr=$(printed floor-tls address)
row_def s_floor --tls "${addr##*:}" qt6.6 "${PID[floor-tls]}"
row_def s_floor_r --tls-resume "${addr##*:}" qt6.6 "${PID[floor-tls]}"
rounds s_ours s_floor s_ours_r s_floor_r
TLS_SECS=$(elapsed "$T0")
for name in ours-tls floor-tls; do stop "${PID[$name]}"; done

# --- the table -----------------------------------------------------------------------------
# stats FORMAT VALUES: "median min max" of the values (the median of an even count: the mean of
# the middle two), each printed with FORMAT.
stats() {
  tr ' ' '\n' <<<"$2" | grep . | sort -g | awk -v f="$1" '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf f " " f " " f "\n", m, v[1], v[NR] }'
}
med() { local m; read -r m _ <<<"$(stats "${2:-%.2f}" "$1")"; echo "$m"; }
bound() { [ "$(med "${LOADCPU[$1]}" %.0f)" -ge "$LOAD_CEILING" ]; } # the load was this row's ceiling

LOAD_BOUND=0 BUSY=0
row() {
  local r=$1 rate cpu load others err
  read -r -a rate <<<"$(stats %.0f "${RATE[$r]}")"
  read -r -a cpu <<<"$(stats %.1f "${CPU[$r]}")"
  load="$(med "${LOADCPU[$r]}" %.0f)% "
  if bound "$r"; then load="${load% }*"; LOAD_BOUND=1; fi
  others=$(med "${OTHERS[$r]}" %.0f)
  [ "$others" -lt "$OTHERS_LIMIT" ] || BUSY=1
  err=${ERR[$r]}
  [ "$err" = 0 ] || err+=" (${FIRST_ERR[$r]})"
  local steal mark=' '
  read -r -a steal <<<"$(stats %.1f "${STEAL[$r]}")"
  [ -z "${DISTURBED[$r]:-}" ] || mark='!'
  printf '| %-5s | %-44s | %22s | %24s | %6s | %6s | %6s | %8s | %9s | %5s%% | %4s%% (%4s%%)%s |\n' "$2" "$3" \
    "${rate[0]} (${rate[1]}-${rate[2]})" "${cpu[0]} (${cpu[1]}-${cpu[2]})" \
    "$(med "${P50[$r]}" %.0f)" "$(med "${P99[$r]}" %.0f)" "$err" "$load" "$(med "${LOADUS[$r]}" %.1f)" "$others" \
    "${steal[0]}" "${steal[2]}" "$mark"
}

echo
echo "| link  | server                                       |   fortunes/s (min-max) | CPU µs/fortune (min-max) | p50 µs | p99 µs | errors | load CPU | load µs/f | others | steal (max)    |"
echo "|-------|----------------------------------------------|-----------------------:|-------------------------:|-------:|-------:|-------:|---------:|----------:|-------:|---------------:|"
row l_ours local "ours: server --headless --name"
row l_orig local "original localfortuneserver (Qt ${QT5_VERSION:-5})"
row l_floor local "floor: C accept/write/close"
row l_bridge local "ours: bridge (qt5.10) -> server (qt6.6)"
row l_relay local "floor: C relay (qt5.10) -> server (qt6.6)"
row l_async local "cxx-qt-sockets aio: async_server (qt5.10)"
row t_ours TCP "ours: server --headless --tcp 127.0.0.1:0"
row t_orig TCP "original fortuneserver (Qt ${QT5_VERSION:-5})"
row t_thr TCP "original threadedfortuneserver (Qt ${QT5_VERSION:-5})"
row t_floor TCP "floor: C accept/write/close"
row s_ours TLS "ours: server --tcp --tls-cert"
row s_floor TLS "floor: C OpenSSL"
row s_ours_r TLS "ours, clients resuming (${RESUMED[s_ours_r]:-0} resumed)"
row s_floor_r TLS "floor, clients resuming (${RESUMED[s_floor_r]:-0} resumed)"

# verdict VALUE OP LIMIT: "met" or "not met" (OP: ge or le).
verdict() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = op == "ge" ? v >= l - 1e-9 : v <= l + 1e-9; print ok ? "met" : "not met" }'
}
# target LINK WHAT MEASURE KIND A B OP LIMIT: one line: median(A) / median(B) of KIND (RATE or
# CPU), the range of the per-round ratios (round k of A against round k of B, loaded seconds
# apart, so the machine's drift cancels), the target and the verdict on the medians. "rounds
# split": some rounds alone would have given the other verdict, so this one is fragile. A `*`
# after a fortunes/s ratio: the load was the ceiling of A or B.
target() {
  local link=$1 what=$2 measure=$3 kind=$4 a=$5 b=$6 op=$7 lim=$8 r lo hi mark=' ' v
  local -n va=$kind
  r=$(awk -v x="$(med "${va[$a]}")" -v y="$(med "${va[$b]}")" 'BEGIN { printf "%.2f", y ? x / y : 0 }')
  read -r lo hi <<<"$(paste -d' ' <(tr ' ' '\n' <<<"${va[$a]}" | grep .) <(tr ' ' '\n' <<<"${va[$b]}" | grep .) |
    awk '{ r = $2 ? $1 / $2 : 0; if (NR == 1 || r < lo) lo = r; if (NR == 1 || r > hi) hi = r }
      END { printf "%.2f %.2f", lo, hi }')"
  if [ "$kind" = RATE ] && { bound "$a" || bound "$b"; }; then mark='*'; fi
  v=$(verdict "$r" "$op" "$lim")
  [ "$(verdict "$lo" "$op" "$lim")" = "$(verdict "$hi" "$op" "$lim")" ] || v+=" (rounds split)"
  # A row with a round the machine disturbed (stolen CPU, other processes) gives no verdict.
  if [ -n "${DISTURBED[$a]:-}${DISTURBED[$b]:-}" ]; then v="left out: disturbed rounds (!)"; fi
  printf '  %-5s %-26s %-26s %6sx%s [%s-%s] %s %4sx: %s\n' "$link" "$what" "$measure" "$r" "$mark" "$lo" "$hi" \
    "$([ "$op" = ge ] && echo '>=' || echo '<=')" "$lim" "$v"
}
# p99 LINK WHAT OURS THEIRS: our median p99 no worse than theirs.
p99() {
  local a b v; a=$(med "${P99[$3]}" %.0f); b=$(med "${P99[$4]}" %.0f)
  v=$([ "$a" -le "$b" ] && echo met || echo "not met")
  if [ -n "${DISTURBED[$3]:-}${DISTURBED[$4]:-}" ]; then v="left out: disturbed rounds (!)"; fi
  printf '  %-5s %-26s %-26s %s vs %s µs, no worse: %s\n' "$1" "$2" "p99 ours vs theirs" "$a" "$b" "$v"
}

echo
echo "Targets: ratios of the medians, [the range of the per-round ratios]; reported, never enforced:"
target local "ours/localfortuneserver" "fortunes/s ours/theirs" RATE l_ours l_orig ge 1.25
target local "ours/localfortuneserver" "CPU/fortune theirs/ours" CPU l_orig l_ours ge 1.25
p99 local "ours/localfortuneserver" l_ours l_orig
target local "ours/floor" "fortunes/s ours/floor" RATE l_ours l_floor ge 0.85
target local "ours/floor" "CPU/fortune ours/floor" CPU l_ours l_floor le 1.20
target local "bridge/relay floor" "fortunes/s bridge/relay" RATE l_bridge l_relay ge 0.60
target local "bridge/relay floor" "own CPU/fortune bridge/relay" OWNCPU l_bridge l_relay le 2.00
target local "bridge/ours direct" "CPU/fortune relayed/direct" CPU l_bridge l_ours le 3.00
target local "aio example/ours" "CPU/fortune async_server/ours" CPU l_async l_ours le 1.10
target TCP "ours/fortuneserver" "fortunes/s ours/theirs" RATE t_ours t_orig ge 1.25
target TCP "ours/fortuneserver" "CPU/fortune theirs/ours" CPU t_orig t_ours ge 1.50
p99 TCP "ours/fortuneserver" t_ours t_orig
target TCP "ours/threadedfortuneserver" "fortunes/s ours/theirs" RATE t_ours t_thr ge 1.25
target TCP "ours/threadedfortuneserver" "CPU/fortune theirs/ours" CPU t_thr t_ours ge 1.25
p99 TCP "ours/threadedfortuneserver" t_ours t_thr
target TCP "ours/floor" "fortunes/s ours/floor" RATE t_ours t_floor ge 0.85
target TCP "ours/floor" "CPU/fortune ours/floor" CPU t_ours t_floor le 1.20
target TLS "ours/floor, full handshakes" "CPU/fortune ours/floor" CPU s_ours s_floor le 1.30
target TLS "ours/floor, resuming" "CPU/fortune ours/floor" CPU s_ours_r s_floor_r le 1.30
echo "  TLS handshakes, CPU µs per fortune (medians): the floor's full $(med "${CPU[s_floor]}" %.0f), resumed $(med "${CPU[s_floor_r]}" %.0f);" \
  "ours $(med "${CPU[s_ours]}" %.0f) (${RESUMED[s_ours_r]:-0} of its handshakes resumed: Qt does not share a server's TLS context)"
upstream_share() { awk -v a="$(med "${CPU[$1]}")" -v b="$(med "${OWNCPU[$1]}")" 'BEGIN { printf "%.1f", a - b }'; }
echo "  A relayed fortune, CPU µs (medians): bridge $(med "${OWNCPU[l_bridge]}" %.1f) + its upstream server $(upstream_share l_bridge);" \
  "relay floor $(med "${OWNCPU[l_relay]}" %.1f) + its upstream server $(upstream_share l_relay)"
echo "  Syscalls per relayed fortune (strace -c, $SYSCALL_FETCHES fetches): bridge ${SYSCALLS[l_bridge]};"
echo "    relay floor ${SYSCALLS[l_relay]}"
echo "  CPU µs/fortune is the row's processes' utime + stime (/proc/PID/stat) over the fortunes served;"
echo "  for the bridge and the relay floor it is the relay's plus its upstream server's: a relayed fortune costs both."
if [ "$LOAD_BOUND" = 1 ]; then
  echo "  * the load generator used >= $LOAD_CEILING% of its CPU (median of the rounds): on that row the load,"
  echo "    not the server, is the ceiling of fortunes/s (and of its ratios); CPU µs per fortune is the figure to compare."
fi
[ "$BUSY" = 0 ] || echo "  Note: other processes used >= $OTHERS_LIMIT% of a CPU during some rows (column \"others\", median): a busy machine."
echo "  steal: the CPUs' time the hypervisor took (/proc/stat), median (max) of the rounds; others: the other processes'"
echo "  CPU, in % of one CPU. A round with steal above $STEAL_LIMIT% or others at $OTHERS_LIMIT% or more was measured again (up to $RETRIES times);"
repeated=""
for r in "${!REPEATED[@]}"; do repeated+=" $r (${REPEATED[$r]})"; done
echo "  rounds measured again:${repeated:- none}."
if [ -n "${!DISTURBED[*]}" ]; then
  echo "  ! rows with a round still disturbed after that: ${!DISTURBED[*]}; their verdicts are left out: run \`make bench\` on a quieter machine."
fi
echo
echo "Our server, RSS and open descriptors (target: flat):"
for t in local tcp; do
  echo "  $t: fresh ${SNAP[$t-fresh]}; after the rounds above ${SNAP[$t-before]}; after ${SOAKED[$t]} more: ${SNAP[$t-after]}"
done
read -r fetch_ms true_ms <<<"$fetch_times"
echo "One \`local-fortune fetch --name\` as a process, start to exit: $fetch_ms ms (median of 21; /bin/true: $true_ms ms)"
echo
echo "Machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: done in $(elapsed "$START") s (local rounds $LOCAL_SECS s, TCP rounds $TCP_SECS s, TLS rounds $TLS_SECS s, soaks $SOAK_TOTAL s)"
exit "$FAILED"
