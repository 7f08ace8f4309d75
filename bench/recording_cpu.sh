#!/usr/bin/env bash
# What the window costs while it waits, records and plays: CPU (share of one core, from
# /proc utime+stime) and memory (RSS at the end, peak RSS) of the real window under Xvfb with
# software GL, and a virtual microphone. Phases, one run:
#   idle, meter live      setup screen, microphone present (room noise at about -50 dBFS)
#   idle, meter paused    the same after 30 s without input
#   recording             one answer of SECONDS, espeak-ng speech into the microphone
#   playing a 10 min take review, a 10-minute answer playing
# then, with the same microphone and display:
#   the headless capture path  benches/capture.rs recording SECONDS (cpal, ring, WAV writer; no
#                              window), when cargo is here
#   Audacity                   the same phases in Audacity (idle, recording SECONDS, playing the
#                              same 10-minute take), when it is installed (install-system-deps.sh
#                              --bench); driven through its mod-script-pipe
# and last a side-by-side table.
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
# measure LABEL SECONDS: the CPU share of $app (Rehearse or Audacity) over the next SECONDS,
# and its memory after; figures also go to $work/table. For Rehearse, frames come from its
# trace ("rehearse: frames N in S s", every 10 s).
measure() {
  local t0 t1 l0=0 fps="?" cpu
  [ -n "${applog:-}" ] && l0=$(wc -l < "$applog")
  t0=$(ticks); sleep "$2"; t1=$(ticks)
  [ -n "${applog:-}" ] && fps=$(tail -n +"$((l0 + 1))" "$applog" | awk '/^rehearse: frames/ {n += $3; s += $5} END {if (s > 0) printf "%.1f", n / s; else print "?"}')
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$2" 'BEGIN { printf "%.1f", 100*(b-a)/hz/s }')
  awk -v cpu="$cpu" -v s="$2" -v l="$who: $1" -v rss="$(rss_mb VmRSS)" -v peak="$(rss_mb VmHWM)" -v fps="$fps" \
    'BEGIN { frames = (fps == "?") ? "" : (fps > 0) ? sprintf("; %s frames/s, %.1f ms CPU a frame", fps, 10*cpu/fps) : "; no frames";
             printf "%-38s CPU %5.1f %% of one core over %d s%s; RSS %s MB (peak %s MB)\n", l, cpu, s, frames, rss, peak }'
  echo "$who|$1|$cpu|$(rss_mb VmRSS)" >> "$work/table"
}
who=Rehearse

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
stop_app

# The headless capture path: the same cpal stream, ring and WAV writer with no window.
mic "$work/speech.wav"
repo=$(cd "$(dirname "$0")/.." && pwd)
if command -v cargo >/dev/null; then
  headless=$( (cd "$repo" && cargo bench -q --bench capture -- --record-only --current-device --seconds "$secs") 2>&1 \
    | grep "virtual-mic recording" || true)
  echo "headless capture: ${headless:-skipped (the capture benchmark did not run)}"
  if [[ $headless =~ CPU\ ([0-9.]+)\ %.*RSS\ ([0-9]+)\ MB ]]; then
    echo "headless capture|recording|${BASH_REMATCH[1]}|${BASH_REMATCH[2]}" >> "$work/table"
  fi
else
  echo "headless capture: skipped (no cargo)"
fi

# Audacity, the same phases, driven through mod-script-pipe ("Record1stChoice:", "Play:").
if command -v audacity >/dev/null; then
  version=$(dpkg-query -W -f='${Version}' audacity 2>/dev/null | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+' || echo 3.2.4)
  who="Audacity $version"
  applog=""
  mic "$work/room.wav"
  export HOME=$work/audacity-home
  mkdir -p "$HOME/.config/audacity" "$work/audacity-tmp"
  module=/usr/lib/audacity/modules/mod-script-pipe.so
  # A full preferences file (the installed version's keys included, or Audacity resets it):
  # no welcome dialog, the script pipe enabled, recording from ALSA's default (the virtual
  # microphone). Checked with 3.2.4.
  IFS=. read -r major minor micro <<< "$version"
  cat > "$HOME/.config/audacity/audacity.cfg" <<CFG
PrefsVersion=1.1.1r1
[Version]
Major=$major
Minor=$minor
Micro=$micro
[GUI]
ShowSplashScreen=0
[Module]
mod-script-pipe=1
[ModulePath]
mod-script-pipe=$module
[ModuleDateTime]
mod-script-pipe=$(date -r "$module" +%Y-%m-%dT%H:%M:%S 2>/dev/null)
[AudioIO]
RecordingDevice=default
Host=ALSA
PlaybackDevice=default
RecordChannels=1
[Directories]
TempDir=$work/audacity-tmp
CFG
  rm -f "/tmp/audacity_script_pipe.to.$(id -u)" "/tmp/audacity_script_pipe.from.$(id -u)"
  audacity > "$work/audacity.log" 2>&1 & app=$!
  # Connect once the window is up and the module has made its pipes: a client that opens the
  # pipes while Audacity is still starting gets no replies.
  for _ in $(seq 150); do
    xdotool search --pid "$app" --name '^Audacity$' >/dev/null 2>&1 \
      && [ -p "/tmp/audacity_script_pipe.from.$(id -u)" ] && break
    sleep 0.2
  done
  sleep 3
  # One client for the whole run: a command per line in, "BatchCommand finished: OK" out.
  cat > "$work/pipe.py" <<'PY'
import errno, os, sys, time
to_name = "/tmp/audacity_script_pipe.to.%d" % os.getuid()
from_name = "/tmp/audacity_script_pipe.from.%d" % os.getuid()
deadline = time.time() + 60
while True:  # both pipes, and a reader on the first, once Audacity has loaded the module
    try:
        if not os.path.exists(from_name):
            raise OSError(errno.ENOENT, "no " + from_name)
        fd = os.open(to_name, os.O_WRONLY | os.O_NONBLOCK)
        break
    except OSError as e:
        if e.errno not in (errno.ENOENT, errno.ENXIO) or time.time() > deadline:
            sys.exit("audacity: no script pipe (%s)" % e)
        time.sleep(0.2)
os.set_blocking(fd, True)
to = os.fdopen(fd, "w")
replies = open(from_name)
for command in sys.stdin:
    to.write(command); to.flush()
    lines = []
    for line in replies:  # a reply is lines up to a blank one; blank lines before it are skipped
        if line == "\n" and lines:
            break
        if line.strip():
            lines.append(line.strip())
    print(" | ".join(lines), flush=True)
PY
  # Audacity 3.2's script thread can stay blocked opening a pipe file that the module has
  # replaced meanwhile: clients then get ENXIO for good (every start by this script before this
  # line was added, six; starts by hand answered). A stop and continue restarts that open()
  # on the path, which then finds the current pipe (every start since).
  kill -STOP "$app"; sleep 0.2; kill -CONT "$app"
  coproc AUDACITY { python3 -u "$work/pipe.py"; }
  audacity_do() { # COMMAND: runs it and fails the bench unless Audacity says OK; sets $reply
    reply=""
    echo "$1" >&"${AUDACITY[1]}"
    read -r -t 60 reply <&"${AUDACITY[0]}" || true
    [[ $reply == *"finished: OK"* ]] || {
      import -window root "$work/audacity.png" 2>/dev/null
      fail "Audacity: $1 -> ${reply:-no reply} (its screen: $work/audacity.png)"
    }
  }
  audacity_do "Select: Start=0 End=0"        # waits until the pipe answers: Audacity is up
  sleep 3
  measure "idle" 25
  mic "$work/speech.wav"
  audacity_do "Record1stChoice:"
  sleep 1
  measure "recording" "$secs"
  audacity_do "Stop:"
  # The recorded track ("Audio 1" 1 0 "wave" START END ...) must be about SECONDS long.
  audacity_do "GetInfo: Type=Tracks Format=Brief"
  recorded=$(echo "$reply" | awk '{for (i = 1; i < NF; i++) if ($i == "\"wave\"") {print $(i + 2); exit}}')
  awk -v r="${recorded:-0}" -v s="$secs" 'BEGIN { exit !(r > s - 1) }' \
    || fail "Audacity recorded ${recorded:-nothing} s, not $secs s ($reply)"
  audacity_do "Import2: Filename=$dir/q01.wav"
  audacity_do "Select: Start=0 End=0 Track=1"
  sleep 1
  audacity_do "Play:"
  sleep 2
  measure "playing a 10 min take" 30
  audacity_do "Stop:"
  kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; app=""
  kill "${AUDACITY_PID:-}" 2>/dev/null || true
else
  echo "Audacity: skipped (not installed; scripts/install-system-deps.sh --bench installs it)"
fi

# Side by side: CPU (% of one core) and RSS (MB) per phase.
echo
awk -F'|' '
  { if (!($1 in seen)) { seen[$1] = 1; who[++n] = $1 }
    if (!($2 in pseen)) { pseen[$2] = 1; phase[++m] = $2 }
    cell[$1, $2] = sprintf("%5.1f %%, %4d MB", $3, $4) }
  END {
    printf "%-22s", "side by side"; for (i = 1; i <= n; i++) printf " | %-18s", who[i]; print ""
    for (j = 1; j <= m; j++) {
      printf "%-22s", phase[j]
      for (i = 1; i <= n; i++) printf " | %-18s", ((who[i], phase[j]) in cell) ? cell[who[i], phase[j]] : "-"
      print ""
    }
  }' "$work/table"
