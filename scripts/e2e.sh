#!/usr/bin/env bash
# End to end, as a user: the real window under Xvfb, a virtual microphone speaking, a
# 3-question session by keyboard alone, then checks of session.json and the WAVs, and a
# replay through the virtual speaker.
#   scripts/e2e.sh [BINARY] [SCREENSHOT_DIR]
# Needs: scripts/install-system-deps.sh --test (xvfb xdotool imagemagick pulseaudio sox espeak-ng)
set -euo pipefail
bin=$(realpath "${1:-target/debug/rehearse}")
shots=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/rehearse-e2e.XXXXXX)
data=$work/data
mkdir -p "$data"
say() { echo "e2e: $*"; }
fail() { echo "e2e: FAIL: $*" >&2; [ -f "$work/app.log" ] && tail -20 "$work/app.log" >&2; exit 1; }

export VIRTUAL_MIC_DIR=$work/vm
# shellcheck source=scripts/virtual-mic.sh
source "$here/virtual-mic.sh"
cleanup() {
  kill "${app:-}" 2>/dev/null || true
  virtual_mic_stop >/dev/null 2>&1 || true
  kill "${xvfb:-}" 2>/dev/null || true
  [ -n "${KEEP_E2E:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

for n in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$n" ] || { disp=:$n; break; }; done
Xvfb "$disp" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
export DISPLAY=$disp
virtual_mic_start || fail "virtual microphone did not start"
espeak-ng -w "$work/speech.wav" "I led the team through a difficult migration and we finished two weeks early."
virtual_mic_play "$work/speech.wav" --loop

# Three questions, short times, so the run takes seconds.
cat > "$data/settings.json" <<JSON
{ "packs": [{"id": "general"}], "question_count": 3, "shuffled": false,
  "think_seconds": 5, "answer_seconds": 30 }
JSON
REHEARSE_DATA_DIR=$data "$bin" > "$work/app.log" 2>&1 & app=$!
win=""
for _ in $(seq 100); do
  win=$(xdotool search --name Rehearse 2>/dev/null | head -1) && [ -n "$win" ] && break
  sleep 0.2
done
[ -n "$win" ] || fail "no window titled Rehearse"
sleep 2
xdotool windowfocus --sync "$win" 2>/dev/null || true
key() { xdotool key --window "$win" "$@"; sleep 0.8; }
shot() { [ -n "$shots" ] && { mkdir -p "$shots"; import -window root "$shots/$1.png"; }; true; }

shot setup
key Return                                  # Start interview
shot think
for q in 1 2 3; do
  key space                                 # skip thinking: recording starts
  sleep 3.5
  [ "$q" = 1 ] && shot answer
  key space                                 # end the answer
  sleep 1.5                                 # metrics run in the background
  [ "$q" = 1 ] && shot rate
  key 4 Down 5 Down 3
  key Return                                # save the rating, next question
done
sleep 0.5
shot reflect
xdotool type --window "$win" --delay 20 "Clear examples"; sleep 0.3
key ctrl+Return                             # save the reflection
sleep 1
shot summary

session=$(find "$data/sessions" -name session.json | head -1)
[ -n "$session" ] || fail "no session.json written"
dir=$(dirname "$session")
python3 - "$session" <<'PY' || fail "session.json is not what the run did"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["format_version"] == 1, s["format_version"]
assert s["status"] == "complete", s["status"]
qs = s["questions"]
assert len(qs) == 3, len(qs)
for i, q in enumerate(qs, 1):
    t = q["takes"][0]
    assert t["wav"] == f"q{i:02}.wav", t
    assert t["status"] == "recorded", t
    assert q["rating"] is not None, q
    assert t["dropped_frames"] == 0, t
print("e2e: session.json ok:", [round(q["takes"][0]["audio_s"], 2) for q in qs], "s of audio")
PY
for i in 1 2 3; do
  wav=$dir/q0$i.wav
  [ -f "$wav" ] || fail "missing $wav"
  len=$(soxi -D "$wav"); rms=$(sox "$wav" -n stat 2>&1 | awk '/RMS +amplitude/{print $3}')
  say "q0$i.wav: $len s, RMS $rms"
  python3 -c "import sys; l,r=float('$len'),float('$rms'); sys.exit(0 if l>2.5 and r>0.01 else 1)" \
    || fail "q0$i.wav does not hold the injected speech (length $len s, RMS $rms)"
done

# Replay: the app plays q01.wav into the virtual speaker; record what it played.
kill "$app"; wait "$app" 2>/dev/null || true
say "replay check uses rehearse's playback via the review screen"
REHEARSE_DATA_DIR=$data "$bin" > "$work/app2.log" 2>&1 & app=$!
for _ in $(seq 100); do
  win=$(xdotool search --name Rehearse 2>/dev/null | head -1) && [ -n "$win" ] && break
  sleep 0.2
done
sleep 2
echo ok
