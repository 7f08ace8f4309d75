#!/usr/bin/env bash
# Idle CPU of the window: opens Rehearse under Xvfb on the setup screen with no microphone
# (no level meter animating) and prints the CPU it used over 30 s. Should be about 0 %:
# the app repaints only while a timer or meter is visible.
#   bench/idle_cpu.sh [BINARY] [SECONDS]
set -euo pipefail
bin=${1:-target/release/rehearse}
secs=${2:-30}
[ -x "$bin" ] || cargo build --release
tmp=$(mktemp -d)
cleanup() { kill "${app:-}" "${xvfb:-}" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
disp=:$((90 + RANDOM % 9))
Xvfb "$disp" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
sleep 1
# No audio server: the setup screen shows "No microphone found" and nothing animates.
DISPLAY=$disp PULSE_SERVER=unix:/nonexistent REHEARSE_DATA_DIR="$tmp/data" "$bin" >/dev/null 2>&1 & app=$!
sleep 5
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep "$secs"; t1=$(ticks)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" \
  'BEGIN { printf "idle CPU of the window over %d s: %.2f %% of one core (%.2f s CPU)\n", s, 100*(b-a)/hz/s, (b-a)/hz }'
