#!/usr/bin/env bash
# Dropped frames during a 60 s virtual-mic recording while the window redraws (the answer
# timer and level meter repaint it throughout). Prints the audio length, the dropped-frame
# count the capture pipeline reported, and the CPU the app used.
#   bench/window_capture.sh [BINARY] [SECONDS]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init window-capture 60 "$@"
window_lib_mic "Tell me about a time you had to learn something new very quickly at work."
data=$work/data
mkdir -p "$data"
echo "{ \"packs\": [{\"id\": \"general\"}], \"question_count\": 1, \"think_seconds\": 5, \"answer_seconds\": $((secs + 30)) }" \
  > "$data/settings.json"
launch "$data"
key Return
key space                     # recording starts
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
t0=$(ticks)
sleep "$secs"
t1=$(ticks)
key space                     # stop
sleep 2
python3 - "$(find "$data/sessions" -name session.json | head -1)" "$t0" "$t1" "$(getconf CLK_TCK)" "$secs" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["questions"][0]["takes"][0]
t0, t1, hz, secs = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"window capture: {t['audio_s']:.2f} s recorded at {t['sample_rate']} Hz while the window redrew; "
      f"dropped frames: {t['dropped_frames']}; app CPU while recording: {100*(t1-t0)/hz/secs:.1f} % of one core")
PY
