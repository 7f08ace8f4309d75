#!/usr/bin/env bash
# Fault trials against the real window (debug binary, Xvfb, virtual microphone):
#   - kill -9 at 20 moments (answering, rating, reflecting); after each, session.json must be
#     valid, the next start must offer the session (unless it was complete), and choosing
#     Finish must keep every recording, listed in session.json;
#   - kill -9 while the thank-you note is typed: its draft holds it, resumed and saved;
#   - a full disk (a 2 MB tmpfs; needs root, else the trial is skipped and says so);
#   - two windows on one data folder;
#   - corrupt session.json files.
# Prints a line per trial and ends with exactly one line "N passed, M failed"; exits non-zero
# on any failure.
#   scripts/faults.sh [BINARY]
# Needs: scripts/install-system-deps.sh --test (xvfb xdotool pulseaudio sox espeak-ng python3)
set -uo pipefail
bin=$(realpath "${1:-target/debug/rehearse}")
# shellcheck source=scripts/window-lib.sh
source "$(dirname "$0")/window-lib.sh"
window_lib_init faults
window_lib_mic "I led the team through a difficult migration and we finished two weeks early."
passed=0
failed=0
mounted=""
pass() { passed=$((passed + 1)); say "ok: $*"; }
flunk() { failed=$((failed + 1)); echo "faults: FAIL: $*" >&2; }
# A trial that cannot go on (no window) ends the run, still with the count line.
fail() { flunk "$*"; echo "$passed passed, $failed failed"; exit 1; }
trap '[ -n "$mounted" ] && umount -l "$mounted" 2>/dev/null; _window_lib_cleanup' EXIT

settings() { # DATA: 3 questions, short times
  mkdir -p "$1"
  cat > "$1/settings.json" <<JSON
{ "packs": [{"id": "general"}], "question_count": 3, "shuffled": false,
  "think_seconds": 5, "answer_seconds": 30 }
JSON
}

# open_app DATA LOG [ENV=VAL...]: starts the app and waits until it shows the setup screen or
# the recovery prompt (its REHEARSE_TRACE state lines say so).
open_app() {
  local data=$1 log=$2; shift 2
  LAUNCH_LOG=$log launch "$data" "$@"
}

# play STEPS...: a number sleeps that long; "text:WORDS" types; "@STATE" (with _ for spaces)
# waits for that state line; anything else is a key.
play() {
  local s
  for s in "$@"; do
    case $s in
      [0-9]*) sleep "$s" ;;
      text:*) xdotool type --window "$win" --delay 15 "$(echo "${s#text:}" | tr _ ' ')" ;;
      @*) wait_state "$(echo "${s#@}" | tr _ ' ')" || { flunk "the app never reached \"${s#@}\" (last: $(grep -a '^rehearse: state' "$applog" | tail -1))"; return 1; } ;;
      *) xdotool key --window "$win" "$s"; sleep 0.05 ;;
    esac
  done
}

kill9() { kill -9 "$app" 2>/dev/null; wait "$app" 2>/dev/null; app=""; }

newest_session() { ls -dt "$1"/sessions/*/ 2>/dev/null | head -1 | sed 's:/$::'; }

# check_json DIR SIZES_OUT: session.json parses as format 3 and names only files that exist;
# prints "in_progress N" (N = takes) or "complete N"; writes the WAV sizes to SIZES_OUT.
check_json() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys
d, out = sys.argv[1], sys.argv[2]
s = json.load(open(os.path.join(d, "session.json")))
assert s["format_version"] == 3, s["format_version"]
assert s["status"] in ("in_progress", "complete", "abandoned"), s["status"]
takes = [t for q in s["questions"] for t in q["takes"]]
for t in takes:
    if t.get("wav") and t["status"] != "recording":
        assert os.path.exists(os.path.join(d, t["wav"])), t["wav"]
with open(out, "w") as f:
    for n in sorted(os.listdir(d)):
        if n.endswith(".wav"):
            f.write(f"{n} {os.path.getsize(os.path.join(d, n))}\n")
print(s["status"], len(takes))
PY
}

# check_finished DIR SIZES: after "Finish": complete, no take left "recording", every WAV
# from before is still there (its header repaired, never shorter than 1 sample less), and
# every WAV with audio is listed by a take.
check_finished() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys
d, sizes = sys.argv[1], sys.argv[2]
s = json.load(open(os.path.join(d, "session.json")))
assert s["status"] == "complete", s["status"]
takes = [t for q in s["questions"] for t in q["takes"]]
assert all(t["status"] != "recording" for t in takes), [t["status"] for t in takes]
listed = {t["wav"] for t in takes if t.get("wav")}
for line in open(sizes):
    name, size = line.split()
    path = os.path.join(d, name)
    assert os.path.exists(path), f"{name} was lost"
    now = os.path.getsize(path)
    assert now >= int(size) - 2, f"{name} shrank from {size} to {now}"
    if now > 44:
        assert name in listed, f"{name} holds audio but no take lists it"
PY
}

# ---- kill -9 at 20 moments ---------------------------------------------------------------
# Steps wait for the state they need (the "@" steps), so a slow machine changes when the kill
# lands inside a state, never which state it lands in.
go=(Return @think_q1)                          # start: question 1's think time
q1=("${go[@]}" space "@answer_q1_take_1" 1.2 space @rate_q1 0.3)  # answer 1, on its rating form
rate2=(4 5 3 Return @think_q2 0.2)             # rate question 1, on to question 2
q2=(space "@answer_q2_take_1" 1.2 space @rate_q2 0.3)
rate3=(4 5 3 Return @think_q3 0.2)
q3=(space "@answer_q3_take_1" 1.2 space @rate_q3 0.3)
reflect=("${q1[@]}" "${rate2[@]}" "${q2[@]}" "${rate3[@]}" "${q3[@]}" 4 Return @reflect 0.3)
trials=(
  "${go[*]} 0.4"                               # thinking, question 1
  "${go[*]} space 0.05"                        # the moment recording starts
  "${go[*]} space @answer_q1_take_1 1.0"       # answering
  "${go[*]} space @answer_q1_take_1 2.5"       # answering, later
  "${go[*]} space @answer_q1_take_1 1.5 space 0.02"  # the moment the answer stops
  "${q1[*]} 0.5"                               # rating form, untouched
  "${q1[*]} 4 5 0.3"                           # rating half entered
  "${q1[*]} 4 5 3 Return 0.02"                 # the moment the rating is saved
  "${q1[*]} ${rate2[*]} 0.5"                   # thinking, question 2
  "${q1[*]} ${rate2[*]} space @answer_q2_take_1 1.5"  # answering question 2
  "${q1[*]} ${rate2[*]} ${q2[*]}"              # rating question 2
  "${q1[*]} r @answer_q1_take_2 1.5"           # a retake, recording
  "${q1[*]} r @answer_q1_take_2 1.2 space @rate_q1 0.5"  # a retake, on its rating form
  "${q1[*]} r 0.05"                            # the moment the retake starts
  "${q1[*]} ${rate2[*]} space 0.2"             # question 2, recording just started
  "${q1[*]} ${rate2[*]} ${q2[*]} ${rate3[*]} space @answer_q3_take_1 1.0"  # answering question 3
  "${reflect[*]}"                              # reflection form
  "${reflect[*]} Tab text:Clear_exam 0.2"      # typing it
  "${reflect[*]} Tab text:Clear ctrl+Return 0.02"  # the moment it is saved
  "${q1[*]} ${rate2[*]} ${q2[*]} ${rate3[*]} ${q3[*]}"  # rating question 3
)
kdata=$work/kill
settings "$kdata"
prev="" prev_status="" prev_sizes=""
verify_previous() { # after a relaunch: the previous trial's session is offered, then Finish
  local n=$1 log=$2
  [ -n "$prev" ] || return 0
  local offered=no
  grep -q "offering unfinished session $prev " "$log" && offered=yes
  case $prev_status in
    in_progress*)
      if [ "$offered" = no ]; then flunk "kill trial $n: the killed session was not offered"; return; fi
      play Tab 0.2 space @setup || return      # Resume has the focus; Tab to Finish, Space
      if err=$(check_finished "$prev" "$prev_sizes" 2>&1); then
        pass "kill trial $n ($prev_status takes): offered, finished, every WAV kept and listed"
      else
        flunk "kill trial $n: after Finish: ${err##*$'\n'}"
      fi ;;
    *)
      if [ "$offered" = yes ]; then flunk "kill trial $n: a $prev_status session was offered"
      else pass "kill trial $n ($prev_status): valid, not offered"; fi ;;
  esac
}
n=0
# FAULTS_KILLS=K runs only the first K kill trials (for a quick look; make test runs all 20).
trials=("${trials[@]:0:${FAULTS_KILLS:-${#trials[@]}}}")
for spec in "${trials[@]}"; do
  n=$((n + 1))
  open_app "$kdata" "$work/kill-$n.log"
  verify_previous $((n - 1)) "$work/kill-$n.log"
  before=$(ls "$kdata/sessions" 2>/dev/null | wc -l)
  # shellcheck disable=SC2086
  play $spec
  kill9
  prev=$(newest_session "$kdata")
  prev_sizes=$work/sizes-$n
  if [ -z "$prev" ] || [ "$(ls "$kdata/sessions" | wc -l)" -le "$before" ]; then
    flunk "kill trial $n: no session was started"; prev=""; continue
  fi
  if ! prev_status=$(check_json "$prev" "$prev_sizes" 2>&1); then
    flunk "kill trial $n: session.json after kill -9: ${prev_status##*$'\n'}"; prev=""
  fi
done
open_app "$kdata" "$work/kill-last.log"
verify_previous "$n" "$work/kill-last.log"
stop_app

# ---- a thank-you note typed, then kill -9 --------------------------------------------------
# The reflection's draft keeps the note: resumed, the form holds it, and saving completes it.
ndata=$work/note
settings "$ndata"
open_app "$ndata" "$work/note-a.log"
# Tab to the strengths, on through the weaknesses and the five pitfalls, Ctrl+T starts the
# note, Tab into it.
# shellcheck disable=SC2086
play ${reflect[*]} Tab text:Calm Tab Tab Tab Tab Tab Tab ctrl+t 0.3 Tab text:Thank_you_all 2.0
kill9
ndir=$(newest_session "$ndata")
note_check() { # DIR FIELD STATUS: the reflection FIELD holds the note, the session is STATUS
  python3 - "$@" <<'PY'
import json, os, sys
d, field, status = sys.argv[1:]
s = json.load(open(os.path.join(d, "session.json")))
assert s["status"] == status, s["status"]
r = s.get(field)
assert r, f"no {field}"
assert r["went_well"] == "Calm", r
assert r["thank_you"]["text"] == "Thank you all", r
assert r["thank_you"]["writing_s"] >= 0, r
PY
}
if err=$(note_check "$ndir" reflection_draft in_progress 2>&1); then
  open_app "$ndata" "$work/note-b.log"
  play space @reflect 0.5 ctrl+Return @summary 0.3   # Resume has the focus; save the reflection
  stop_app
  if err=$(note_check "$ndir" reflection complete 2>&1); then
    pass "thank-you note: in the draft after kill -9, back on resume, saved"
  else
    flunk "thank-you note after resume: ${err##*$'\n'}"
  fi
else
  flunk "thank-you note after kill -9: ${err##*$'\n'}"
fi

# ---- two windows on one data folder ------------------------------------------------------
tdata=$work/two
settings "$tdata"
open_app "$tdata" "$work/two-a.log"
a_pid=$app a_win=$win
a_log=$applog
play Return @think_q1 space @answer_q1_take_1 1.0  # A records question 1
open_app "$tdata" "$work/two-b.log"            # B on the same folder
b_pid=$app
problems=""
grep -q "process $a_pid" "$work/two-b.log" || problems+=" B does not name A's process;"
grep -q "offering unfinished session" "$work/two-b.log" && problems+=" B offers A's live session;"
play Return 1.0                                # B tries to start an interview
[ "$(ls "$tdata/sessions" | wc -l)" = 1 ] || problems+=" B started a session;"
kill "$b_pid"; wait "$b_pid" 2>/dev/null
app=$a_pid win=$a_win applog=$a_log
play space @rate_q1 0.3 4 5 3 Return @think_q2 0.3  # A goes on: stop, rate question 1
stop_app
sdir=$(newest_session "$tdata")
python3 - "$sdir" <<'PY' || problems+=" A's session was damaged;"
import json, os, sys
d = sys.argv[1]
s = json.load(open(os.path.join(d, "session.json")))
q = s["questions"][0]
assert q["takes"][0].get("rating") is not None and len(q["takes"]) == 1, q
assert os.path.getsize(os.path.join(d, "q01.wav")) > 16000
PY
if [ -z "$problems" ]; then pass "two windows: B is read-only and names A; A's session intact"
else flunk "two windows:$problems"; fi

# ---- corrupt session.json ----------------------------------------------------------------
cdata=$work/corrupt
settings "$cdata"
mk() { mkdir -p "$cdata/sessions/$1"; printf '%s' "$2" > "$cdata/sessions/$1/session.json"
       head -c 32044 /dev/urandom > "$cdata/sessions/$1/q01.wav"; }
mk 20260101T000000Z-trunc1 '{"format_version": 1, "id": "trunc1", "started_at": "2026-01-01T00:00:00Z", "sta'
mk 20260101T000100Z-empty1 ''
mk 20260101T000200Z-wrong1 '{"format_version": "one", "questions": 7}'
printf '\x00\xff\xfe garbage' > "$cdata/sessions/20260101T000200Z-wrong1/session.json"
before=$(cd "$cdata/sessions" && find . -type f -exec md5sum {} + | sort)
open_app "$cdata" "$work/corrupt.log"
play Return @think_q1 space @answer_q1_take_1 1.0 space @rate_q1 4 Return @think_q2 0.3  # a new session still works
problems=""
kill -0 "$app" 2>/dev/null || problems+=" the app died;"
stop_app
grep -q "offering unfinished session" "$work/corrupt.log" && problems+=" a corrupt session was offered;"
after=$(cd "$cdata/sessions" && find . -path './2026010*' -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || problems+=" a corrupt session's files were changed;"
new=$(ls "$cdata/sessions" | grep -v '^2026010' | head -1)
[ -n "$new" ] && check_json "$cdata/sessions/$new" "$work/sizes-c" > /dev/null 2>&1 \
  || problems+=" no valid new session beside the corrupt ones;"
if [ -z "$problems" ]; then pass "corrupt session.json (truncated, empty, garbage): skipped, untouched, app works"
else flunk "corrupt session.json:$problems"; fi

# ---- a full disk -------------------------------------------------------------------------
fdisk=$work/full
mkdir -p "$fdisk"
if mount -t tmpfs -o size=2m tmpfs "$fdisk" 2>/dev/null; then
  mounted=$fdisk
  fdata=$fdisk/data
  settings "$fdata"
  fill() { # leave $1 bytes free
    python3 - "$fdisk/filler" "$1" <<'PY'
import os, sys
path, leave = sys.argv[1], int(sys.argv[2])
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
for chunk in (65536, 4096, 1):                 # unbuffered, so the truncate below always runs
    while True:
        try:
            if os.write(fd, b"\0" * chunk) == 0:
                break
        except OSError:
            break
os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
os.close(fd)
PY
  }
  open_app "$fdata" "$work/full-1.log"
  play Return @think_q1
  fill 131072                                  # about 1.4 s of audio left
  play space @answer_q1_take_1 3.5 space @rate_q1 0.3 4 5 3 Return @think_q2 \
    space @answer_q2_take_1 1.0 space @rate_q2 0.3 4 Return @think_q3 0.3
  problems=""
  kill -0 "$app" 2>/dev/null || problems+=" the app died;"
  fsess=$(newest_session "$fdata")
  status=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['status'])" "$fsess/session.json")
  [ "$status" = in_progress ] || problems+=" session.json says $status while nothing could be saved;"
  [ -e "$fsess/.save-failed-disk-full" ] || problems+=" no disk-full note;"
  kill9
  rm -f "$fdisk/filler"                        # space is freed
  check_json "$fsess" "$work/sizes-full" > /dev/null || problems+=" session.json invalid;"
  open_app "$fdata" "$work/full-2.log"
  grep -q "offering unfinished session $fsess .*(DiskFull)" "$work/full-2.log" \
    || problems+=" recovery does not name the full disk;"
  play Tab 0.2 space @setup                    # Finish
  check_finished "$fsess" "$work/sizes-full" 2>/dev/null || problems+=" recordings lost after Finish;"
  python3 - "$fsess" <<'PY' || problems+=" the take does not say the disk was full;"
import json, os, sys
s = json.load(open(os.path.join(sys.argv[1], "session.json")))
t = s["questions"][0]["takes"][0]
assert "disk was full" in t["error"] and t["audio_s"] > 0.5, t
PY
  count=$(ls "$fdata/sessions" | wc -l)
  fill 0
  play Return 1.0                              # a new session on the full disk
  [ "$(ls "$fdata/sessions" | wc -l)" = "$count" ] || problems+=" a new session left a folder on the full disk;"
  stop_app
  if [ -z "$problems" ]; then pass "full disk: nothing claimed saved, recovery says disk full, audio kept, no empty folder"
  else flunk "full disk:$problems"; cp -a "$fdata" "$work/full-data" 2>/dev/null; fi
else
  say "full disk: skipped, mounting a tmpfs is not permitted (run as root)"
fi

say "$((passed + failed)) trials"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
