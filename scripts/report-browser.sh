#!/usr/bin/env bash
# The exported HTML report in a real browser: builds a session folder with real WAVs (espeak-ng
# speech at two speeds, made 48 kHz by sox, measured by `rehearse analyze`), runs `rehearse export`, opens the
# report in headless Chromium, and checks the DOM Chromium built (--dump-dom): two charts as
# <svg>, an <audio> per recorded take whose src is the embedded WAV, and that Chromium decodes
# each one (its duration matches the WAV's). Takes a screenshot into target/report-browser/.
# Prints a line per check and ends with exactly one line "N passed, M failed"; exits non-zero on
# any failure. Skips (exit 0) only where /usr/bin/chromium is absent.
#   scripts/report-browser.sh [BINARY]
# Needs: scripts/install-system-deps.sh --test (chromium espeak-ng sox python3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/debug/rehearse}")
chromium=${REHEARSE_CHROMIUM:-/usr/bin/chromium}  # overridable to try the skip
if [ ! -x "$chromium" ]; then
  echo "report-browser: skipped: chromium is not installed"
  exit 0
fi
out=target/report-browser
rm -rf "$out"
mkdir -p "$out"
out=$(realpath "$out")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # NAME COMMAND...: runs the check, counts it
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "report-browser: ok: $name"
  else failed=$((failed + 1)); echo "report-browser: FAIL: $name" >&2; fi
}

# A session folder as the app writes it: Q1 with a spoken take and a second, rushed one,
# take 1 marked best; Q2 answered without a microphone. Text with markup in it, to be escaped.
session="$work/sessions/20261201T100000Z-browsr"
mkdir -p "$session"
espeak-ng -w "$work/speech.wav" "I led the team through a difficult migration, and we finished two weeks early."
sox "$work/speech.wav" -r 48000 -c 1 -b 16 "$session/q01.wav" pad 0.4 0.6
espeak-ng -s 300 -w "$work/fast.wav" "I led the team through a difficult migration, and we finished two weeks early."
sox "$work/fast.wav" -r 48000 -c 1 -b 16 "$session/q01-take2.wav" pad 0.3 0.3
"$bin" analyze --json "$session/q01.wav" "$session/q01-take2.wav" > "$work/metrics.jsonl"
python3 - "$session" "$work/metrics.jsonl" <<'PY'
import json, subprocess, sys, wave
session, metrics_file = sys.argv[1], sys.argv[2]
metrics = [json.loads(line) for line in open(metrics_file)]
for m in metrics:
    m.pop("file", None)
def seconds(name):
    with wave.open(f"{session}/{name}") as w:
        return w.getnframes() / w.getframerate()
def take(number, wav, m, scores, note):
    return {"number": number, "wav": wav, "status": "recorded" if wav else "not_recorded",
            "stop_reason": "manual", "started_at": "2026-12-01T10:00:05Z", "think_used_s": 3.0,
            "answer_s": seconds(wav) if wav else 20.0, "audio_s": seconds(wav) if wav else 0.0,
            "sample_rate": 48000 if wav else None, "dropped_frames": 0, "error": None,
            "metrics": m, "rating": {"scores": scores, "note": note}}
items = ["posture", "eye_contact", "gestures", "clarity", "structure", "conciseness", "confidence"]
q = lambda qid, text, takes, best=None: {
    "pack_id": "general", "question_id": qid, "text": text, "type": "behavioral",
    "think_seconds": 10, "answer_seconds": 90, "takes": takes,
    **({"best_take": best} if best else {})}
session_json = {
    "format_version": 3, "id": "browsr", "started_at": "2026-12-01T10:00:00Z",
    "ended_at": "2026-12-01T10:05:00Z", "status": "complete", "pack_ids": ["general"],
    "settings": {"question_count": 2, "shuffled": False, "think_seconds": None,
                 "answer_seconds": None, "input_device": "default"},
    "questions": [
        q("gen-01", "Tell me about a <b>difficult</b> project & what you learned.", [
            take(1, "q01.wav", metrics[0], dict(zip(items, [4, 4, 3, 4, 5, 4, 4])), "Good <i>structure</i>."),
            take(2, "q01-take2.wav", metrics[1], dict(zip(items, [2, 2, 2, 1, 1, 2, 2])), "Far too fast."),
        ], best=1),
        q("gen-02", "Why do you want this job?", [
            take(1, None, None, dict(zip(items, [3, 3, 3, 3, 3, 3, 3])), ""),
        ]),
    ],
    "reflection": {"went_well": "Calm start.", "improve": "Shorter <answers>.", "preparedness": 4},
}
json.dump(session_json, open(f"{session}/session.json", "w"), indent=2)
PY

report="$out/report.html"
"$bin" export "$session" -o "$report"
check "rehearse export wrote $report" test -s "$report"

browser() { # chromium headless with a throwaway profile and no network chatter
  local profile; profile=$(mktemp -d -p "$work")
  timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
}

# The report as Chromium parsed it.
browser --dump-dom "file://$report" > "$out/dom.html"
# The same report with a script that waits for every player's metadata and writes the durations
# Chromium decoded into the page (the report itself has no script).
python3 - "$report" "$work/probe.html" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
const players = [...document.querySelectorAll('audio')];
Promise.all(players.map(a => a.readyState >= 1 ? a.duration : new Promise(done => {
  a.addEventListener('loadedmetadata', () => done(a.duration));
  a.addEventListener('error', () => done(-1));
  a.load();
}))).then(d => {
  const p = document.createElement('pre'); p.id = 'decoded'; p.textContent = d.join(' ');
  document.body.append(p);
});
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</body>", probe + "</body>"))
PY
browser --virtual-time-budget=10000 --dump-dom "file://$work/probe.html" > "$work/probe-dom.html"

python3 - "$out/dom.html" "$work/probe-dom.html" "$session" > "$work/dom-checks" <<'PY'
import html.parser, re, sys, wave
class Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.found = []
    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
dom = open(sys.argv[1], encoding="utf-8").read()
p = Elements(); p.feed(dom)
svgs = [a for t, a in p.found if t == "svg"]
audios = [a for t, a in p.found if t == "audio"]
print("svg", len(svgs), " ".join(a.get("id", "") for a in svgs))
print("audio", len(audios))
print("audio-src", sum(1 for a in audios if a.get("src", "").startswith("data:audio/wav;base64,")
                       and len(a["src"]) > 1000))
print("bars", sum(1 for t, a in p.found if t == "rect" and a.get("class") == "bar"))
print("escaped", int("&lt;b&gt;difficult&lt;/b&gt;" in dom and "<b>difficult" not in dom))
decoded = re.search(r'<pre id="decoded">([^<]*)</pre>', open(sys.argv[2], encoding="utf-8").read())
durations = [float(x) for x in decoded.group(1).split()] if decoded else []
expected = []
for name in ["q01.wav", "q01-take2.wav"]:
    with wave.open(f"{sys.argv[3]}/{name}") as w:
        expected.append(w.getnframes() / w.getframerate())
print("decoded", " ".join(f"{d:.3f}" for d in durations), "expected", " ".join(f"{e:.3f}" for e in expected))
ok = len(durations) == len(expected) and all(abs(d - e) < 0.01 for d, e in zip(durations, expected))
print("decoded-ok", int(ok))
PY
cat "$work/dom-checks"
value() { awk -v k="$1" '$1 == k {print $2}' "$work/dom-checks"; }
check "two charts (<svg id=chart-pace, chart-rating>)" test "$(value svg)" = 2
check "an <audio> per recorded take (2)" test "$(value audio)" = 2
check "every <audio> has the WAV as a data:audio/wav src" test "$(value audio-src)" = 2
check "the charts have bars (2 paces + 2 ratings)" test "$(value bars)" = 4
check "question text with markup is shown escaped" test "$(value escaped)" = 1
check "Chromium decodes each embedded WAV to its length" test "$(value decoded-ok)" = 1

browser --hide-scrollbars --window-size=1100,1700 --screenshot="$out/report.png" "file://$report" >/dev/null
colours=$(convert "$out/report.png" -format %k info: 2>/dev/null || echo 0)
check "screenshot $out/report.png is not blank ($colours colours)" test "$colours" -gt 50

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
