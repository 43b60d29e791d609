#!/usr/bin/env bash
# Runs a command and says how long it took, so that a slow step of `make test` shows in its log:
# "timed: NAME: N s (exit RC)". Usage: tests/timed.sh NAME COMMAND [ARG...]
name=${1:?usage: $0 NAME COMMAND [ARG...]}
shift
start=$(date +%s)
"$@"
rc=$?
echo "timed: $name: $(( $(date +%s) - start )) s (exit $rc)"
exit "$rc"
