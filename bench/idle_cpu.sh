#!/usr/bin/env bash
# Idle CPU of the window: Rehearse on its setup screen under Xvfb with no audio server (so
# no level meter animates), measured over 30 s. Should be about 0 %: the app repaints only
# while a timer, meter or playback is visible.
#   bench/idle_cpu.sh [BINARY] [SECONDS]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init idle-cpu 30 "$@"
mkdir -p "$work/data"
launch "$work/data" PULSE_SERVER=unix:/nonexistent
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep "$secs"; t1=$(ticks)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" \
  'BEGIN { printf "idle CPU of the window over %d s: %.2f %% of one core (%.2f s CPU)\n", s, 100*(b-a)/hz/s, (b-a)/hz }'
