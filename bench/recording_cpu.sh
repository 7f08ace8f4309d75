#!/usr/bin/env bash
# What the window costs while it waits, records and plays: CPU (share of one core, from
# /proc utime+stime) and memory (RSS at the end, peak RSS) of the real window under Xvfb with
# software GL, and a virtual microphone. Phases, one run:
#   idle, meter live      setup screen, microphone present (room noise at about -50 dBFS)
#   idle, meter paused    the same after 30 s without input
#   recording             one answer of SECONDS, espeak-ng speech into the microphone
#   playing a 10 min take review, a 10-minute answer playing
#   bench/recording_cpu.sh [BINARY] [SECONDS]     (default target/release/rehearse 60)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init recording-cpu 60 "$@"
virtual_mic_start || fail "virtual microphone did not start"
sox -n -r 48000 -c 1 -b 16 "$work/room.wav" synth 5 pinknoise vol 0.01
espeak-ng -w "$work/speech.wav" "Tell me about a time you had to learn something new very quickly at work."
mic() { # FILE: loop FILE into the microphone instead of what played before
  [ -f "$VIRTUAL_MIC_DIR/play.pid" ] && kill "$(cat "$VIRTUAL_MIC_DIR/play.pid")" 2>/dev/null || true
  pkill -f "paplay --device=virtmic" 2>/dev/null || true
  virtual_mic_play "$1" --loop
}
mic "$work/room.wav"
data=$work/data
mkdir -p "$data"
echo "{ \"packs\": [{\"id\": \"general\"}], \"question_count\": 1, \"think_seconds\": 5, \"answer_seconds\": $((secs + 30)) }" \
  > "$data/settings.json"

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
rss_mb() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$app/status"; }
# measure LABEL SECONDS: the app's CPU share over the next SECONDS, and its memory after.
# Frames come from the app's trace ("rehearse: frames N in S s", every 10 s).
measure() {
  local t0 t1 l0 fps
  l0=$(wc -l < "$applog"); t0=$(ticks); sleep "$2"; t1=$(ticks)
  fps=$(tail -n +"$((l0 + 1))" "$applog" | awk '/^rehearse: frames/ {n += $3; s += $5} END {if (s > 0) printf "%.1f", n / s; else print "?"}')
  awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$2" -v l="$1" -v rss="$(rss_mb VmRSS)" -v peak="$(rss_mb VmHWM)" -v fps="$fps" \
    'BEGIN { cpu = 100*(b-a)/hz/s; ms = (fps > 0) ? sprintf("%.1f ms CPU a frame", 10*cpu/fps) : "no frames";
             printf "%-22s CPU %5.1f %% of one core over %d s; %s frames/s, %s; RSS %s MB (peak %s MB)\n", l, cpu, s, fps, ms, rss, peak }'
}

launch "$data"
sleep 2
measure "idle, meter live" 25
sleep 5                                   # 30 s since the last input: the meter pauses
measure "idle, meter paused" 25

mic "$work/speech.wav"
key Return
expect "think q1"
key space                                 # recording starts
expect "answer q1 take 1"
sleep 1
measure "recording" "$secs"
key space
expect "rate q1"
key Return                                # save the (empty) rating
expect reflect
key ctrl+Return
expect summary
sleep 2                                   # the summary's measurements settle

# A 10-minute answer in place of the one just recorded, then played in review ("O" opens
# the finished session there; Space plays its first recording).
session=$(find "$data/sessions" -name session.json | head -1)
dir=$(dirname "$session")
sox "$dir/q01.wav" "$work/long.wav" repeat 30
sox "$work/long.wav" "$dir/q01.wav" trim 0 600
python3 - "$session" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["questions"][0]["takes"][0]["audio_s"] = 600.0
json.dump(s, open(sys.argv[1], "w"))
PY
key o
expect review
sleep 1
key space
sleep 2
measure "playing a 10 min take" 30
