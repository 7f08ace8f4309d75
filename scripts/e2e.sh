#!/usr/bin/env bash
# End to end, as a user: the real window under Xvfb, a virtual microphone speaking, a
# 3-question session by keyboard alone, then checks of session.json and the WAVs, and a
# replay through the virtual speaker.
#   scripts/e2e.sh [BINARY] [SCREENSHOT_DIR]
# Needs: scripts/install-system-deps.sh --test (xvfb xdotool imagemagick pulseaudio sox espeak-ng)
set -euo pipefail
bin=$(realpath "${1:-target/debug/rehearse}")
shots=${2:-}
# shellcheck source=scripts/window-lib.sh
source "$(dirname "$0")/window-lib.sh"
window_lib_init e2e
data=$work/data
mkdir -p "$data"
spoken="I led the team through a difficult migration and we finished two weeks early."
window_lib_mic "$spoken"
# Transcripts on: Whisper tiny.en in this data folder's models/, converted from the download
# make test fetched (scripts/fetch-model.sh; the conversion takes well under a second).
REHEARSE_DATA_DIR="$data" "$bin" model install >/dev/null \
  || fail "could not install the speech model (run scripts/fetch-model.sh first)"

# Three questions, short times, so the run takes seconds.
cat > "$data/settings.json" <<JSON
{ "packs": [{"id": "general"}], "question_count": 3, "shuffled": false,
  "think_seconds": 5, "answer_seconds": 30 }
JSON
launch "$data"
shot setup
key Return                                  # Start interview
expect "think q1"
shot think
for q in 1 2 3; do
  key space                                 # skip thinking: recording starts
  expect "answer q$q take 1"
  sleep 3.5
  [ "$q" = 1 ] && shot answer
  key space                                 # end the answer
  expect "rate q$q"
  sleep 1.5                                 # metrics run in the background
  [ "$q" = 1 ] && shot rate
  key 4 5 3                                 # score the first three items (each moves on)
  key Return                                # save the rating, next question
  if [ "$q" = 3 ]; then expect reflect; else expect "think q$((q + 1))"; fi
done
shot reflect
key 4 3 5 4 4 5                             # score the six reflection items in turn
key Tab                                     # from the scores to the strengths
xdotool type --window "$win" --delay 20 "Clear examples"; sleep 0.3
key Tab
xdotool type --window "$win" --delay 20 "Slower endings"; sleep 0.3
key Tab Tab Tab Tab Tab space               # through the pitfalls: tick "Talked too long"
key ctrl+t                                  # start the thank-you note and its timer
sleep 0.3
key Tab                                     # into the note
xdotool type --window "$win" --delay 20 "Thank you for your time"; sleep 0.3
key Tab space Tab space                     # tick "Sent within 24-48 hours", "Thanked them"
sleep 1.5
shot thank-you
key ctrl+Return                             # save the reflection
expect summary
sleep 0.5
shot summary

session=$(find "$data/sessions" -name session.json | head -1)
[ -n "$session" ] || fail "no session.json written"
dir=$(dirname "$session")
python3 - "$session" <<'PY' || fail "session.json is not what the run did"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["format_version"] == 3, s["format_version"]
assert s["status"] == "complete", s["status"]
qs = s["questions"]
assert len(qs) == 3, len(qs)
for i, q in enumerate(qs, 1):
    t = q["takes"][0]
    assert t["wav"] == f"q{i:02}.wav", t
    assert t["status"] == "recorded", t
    scores = t["rating"]["scores"]   # a rating belongs to its take
    assert (scores["posture"], scores["eye_contact"], scores["gestures"]) == (4, 5, 3), scores
    assert scores["structure"] is None, scores   # untouched items are saved as unset
    assert t["dropped_frames"] == 0, t
r = s["reflection"]   # filled in by keyboard alone
assert [r["scores"][i] for i in ("preparation", "clarity", "conciseness", "body_language",
        "rapport", "enthusiasm")] == [4, 3, 5, 4, 4, 5], r
assert r["preparedness"] == 4, r
assert (r["went_well"], r["improve"]) == ("Clear examples", "Slower endings"), r
assert r["pitfalls"] == ["talked_too_long"], r
note = r["thank_you"]
assert note["text"] == "Thank you for your time", note
assert note["checklist"] == ["within_48h", "thanked"], note
assert note["writing_s"] >= 1, note
print("e2e: session.json ok:", [round(q["takes"][0]["audio_s"], 2) for q in qs], "s of audio")
PY
# Each take's transcript, saved by the background job once it is done: Whisper's words with
# times inside the take, among them words the voice said.
for _ in $(seq 120); do
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); \
sys.exit(0 if all(q['takes'][0].get('transcript') for q in s['questions']) else 1)" "$session" \
    && break
  sleep 0.5
done
python3 - "$session" "$spoken" <<'PY' || fail "session.json does not hold transcripts of the spoken words"
import json, re, sys
s = json.load(open(sys.argv[1]))
said = set(re.findall(r"[a-z']+", sys.argv[2].lower()))
content = said - {"i", "the", "a", "and", "we"}
for i, q in enumerate(s["questions"], 1):
    take = q["takes"][0]
    t = take.get("transcript")
    assert t, f"q{i}: no transcript in session.json"
    assert t["model"] == "tiny.en", t["model"]
    words = [w["text"] for w in t["words"]]
    heard = {w for x in words for w in re.findall(r"[a-z']+", x.lower())}
    # 3.5 s of a looping 4.5 s sentence: at least two of its words, whatever the start.
    assert len(heard & content) >= 2, f"q{i}: heard {t['text']!r}, said {sys.argv[2]!r}"
    for w in t["words"]:
        assert 0 <= w["start_s"] <= w["end_s"] <= take["audio_s"] + 0.5, (i, w)
    print(f"e2e: q{i} transcript: {t['text']!r} ({len(heard & content)} of the spoken words)")
PY
for i in 1 2 3; do
  wav=$dir/q0$i.wav
  [ -f "$wav" ] || fail "missing $wav"
  len=$(soxi -D "$wav"); rms=$(sox "$wav" -n stat 2>&1 | awk '/RMS +amplitude/{print $3}')
  say "q0$i.wav: $len s, RMS $rms"
  python3 -c "import sys; l,r=float('$len'),float('$rms'); sys.exit(0 if l>2.5 and r>0.01 else 1)" \
    || fail "q0$i.wav does not hold the injected speech (length $len s, RMS $rms)"
done

# Replay, by keyboard: the summary opens the session in review (O), Space plays q01.wav
# through the default output (the virtual speaker); record what it played.
key o
expect review
sleep 0.5
shot review
# Record well past the take's length: opening the output device can take a moment.
( virtual_speaker_record "$work/played.wav" 9 ) & rec=$!
sleep 0.5
key space
wait "$rec" || true
shot review_playing
[ -s "$work/played.wav" ] || fail "nothing recorded from the virtual speaker"
# Length and RMS of the sounding part (leading and trailing silence trimmed) of a WAV.
sounding() {
  sox "$1" -n silence 1 0.02 1% reverse silence 1 0.02 1% reverse stat 2>&1 \
    | awk '/Length/{l=$3} /RMS +amplitude/{r=$3} END{print l, r}'
}
read -r plen prms < <(sounding "$work/played.wav")
read -r qlen qrms < <(sounding "$dir/q01.wav")
say "replay through the virtual speaker: ${plen} s sounding, RMS $prms (q01.wav: ${qlen} s, RMS $qrms)"
python3 -c "import sys; pl,pr,ql,qr=map(float,'$plen $prms $qlen $qrms'.split()); \
sys.exit(0 if pl > 0.8*ql and 0.5*qr < pr < 2*qr else 1)" \
  || fail "replay does not sound like q01.wav (${plen} s, RMS $prms vs ${qlen} s, RMS $qrms)"
say "PASS: 3 questions by keyboard, session.json + 3 WAVs with the injected speech and their transcripts, replay heard"

# A phone screen by keyboard: the interviewer's voice (on for a phone screen, though the voice
# setting is off) reads the question through the virtual speaker before its countdown, and
# what the speaker played must sound like the voice's own WAV; then a follow-up comes, heard
# too, with its own take linked to its question in session.json.
stop_app
voice=$work/voice-data
mkdir -p "$voice"
# (Think time outlasts the 8 s recording of the speaker; the follow-up's is 5 s.)
echo '{ "packs": [{"id": "general"}], "question_count": 1, "shuffled": false, "think_seconds": 20,
  "answer_seconds": 30, "mode": "phone", "follow_ups": "always" }' > "$voice/settings.json"
launch "$voice"
( virtual_speaker_record "$work/asked.wav" 8 ) & rec=$!
sleep 0.5
key Return                                  # Start interview: the question is read
expect "ask q1"
shot phone_ask
expect "think q1"                           # the countdown starts when the voice ends
wait "$rec" || true
[ -s "$work/asked.wav" ] || fail "nothing recorded from the virtual speaker while asking"
read -r alen arms < <(sounding "$work/asked.wav")
read -r vlen vrms < <(sounding "$voice/voice/q01.wav")
say "the question read aloud: ${alen} s sounding, RMS $arms (its WAV: ${vlen} s, RMS $vrms)"
python3 -c "import sys; al,ar,vl,vr=map(float,'$alen $arms $vlen $vrms'.split()); \
sys.exit(0 if abs(al - vl) < 0.3 * vl and 0.5*vr < ar < 2*vr else 1)" \
  || fail "the speaker did not play the question (${alen} s, RMS $arms vs ${vlen} s, RMS $vrms)"
key space; expect "answer q1 take 1"; sleep 1.5; shot phone_answer
key space; expect "rate q1"; key Return     # rated; the follow-up comes
expect "ask q2"; expect "think q2"; shot follow_up
key space; expect "answer q2 take 1"; sleep 1.5
key space; expect "rate q2"; key Return; expect reflect; key ctrl+Return; expect summary
python3 - "$(find "$voice/sessions" -name session.json | head -1)" <<'PY' || fail "phone session with its follow-up not saved as expected"
import json, sys
s = json.load(open(sys.argv[1]))
q, f = s["questions"]
assert s["settings"]["mode"] == "phone", s["settings"]
assert f.get("follows") == 0 and "follows" not in q, (q.get("follows"), f.get("follows"))
assert f["answer_seconds"] == 30 and f["think_seconds"] == 5, f
assert q["takes"][0]["wav"] and f["takes"][0]["wav"], "each has its own take"
print("e2e: phone screen, then the follow-up '%s' (its own take %s, linked to question 1)"
      % (f["text"], f["takes"][0]["wav"]))
PY
say "PASS: a phone-screen question read through the speaker, then the countdown; a follow-up with its own linked take"

# No audio server at all: the window still opens and a session is timed and rated.
stop_app
virtual_mic_stop >/dev/null 2>&1 || true
nomic=$work/nomic
mkdir -p "$nomic"
echo '{ "packs": [{"id": "behavioral"}], "question_count": 1, "think_seconds": 5, "answer_seconds": 30 }' \
  > "$nomic/settings.json"
launch "$nomic" PULSE_SERVER=unix:/nonexistent
shot setup_no_microphone
key ctrl+p; expect packs; shot packs; key Escape; expect setup      # the packs screen and back
key ctrl+h; expect review; shot sessions; key Escape; expect setup # past sessions (none) and back
key Return; expect "think q1"; key space; expect "answer q1 take 1"; sleep 1.5
key space; expect "rate q1"; key Return; expect reflect; key ctrl+Return; expect summary
python3 - "$(find "$nomic/sessions" -name session.json | head -1)" <<'PY' || fail "no-microphone session not saved"
import json, sys
s = json.load(open(sys.argv[1]))
t = s["questions"][0]["takes"][0]
assert s["status"] == "complete" and t["status"] == "not_recorded" and t["wav"] is None, (s["status"], t)
assert t.get("rating") is not None, t   # a rating belongs to its take
print("e2e: without an audio server the answer was timed (%.1f s) and rated, marked not_recorded" % t["answer_s"])
PY
say "PASS: no audio server"
echo "e2e: 3 passed, 0 failed"
