# window-lib.sh: sourced by scripts/e2e.sh and bench/*.sh to drive the real window.
#   window_lib_init NAME          work dir, cleanup trap, a private Xvfb display
#   window_lib_mic TEXT           a private PulseAudio whose default source speaks TEXT in a loop
#   launch DATA_DIR [ENV=VAL...]  start the app on DATA_DIR and wait for its first screen
#                                 ($LAUNCH_ARGS: arguments for the app; $LAUNCH_FIRST: a regex
#                                 for that first screen, default setup or recovery)
#   wait_state REGEX / expect REGEX  wait for the app's state line (REHEARSE_TRACE), or fail
#   key KEYS... / shot NAME / stop_app
# Needs: xvfb xdotool imagemagick pulseaudio pulseaudio-utils espeak-ng sox (install-system-deps.sh --test)
_wl_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { echo "$_wl_name: $*"; }
fail() {
  echo "$_wl_name: FAIL: $*" >&2
  [ -f "$work/app.log" ] && tail -20 "$work/app.log" >&2
  exit 1
}

window_lib_init() {
  _wl_name=$1
  work=$(mktemp -d "/tmp/rehearse-$1.XXXXXX")
  export VIRTUAL_MIC_DIR=$work/vm
  # shellcheck source=scripts/virtual-mic.sh
  source "$_wl_here/virtual-mic.sh"
  trap _window_lib_cleanup EXIT
  # Xvfb picks a free display itself and writes its number (no race with other Xvfbs);
  # -noreset: no server reset when the last window closes, which refused the next one.
  Xvfb -displayfd 3 -noreset -screen 0 1280x800x24 3>"$work/display" >/dev/null 2>&1 & xvfb=$!
  local n
  for n in $(seq 1 150); do [ -s "$work/display" ] && break; sleep 0.1; done
  [ -s "$work/display" ] || fail "Xvfb did not start"
  DISPLAY=:$(head -1 "$work/display")
  export DISPLAY
  sleep 0.2
}

_window_lib_cleanup() {
  stop_app
  virtual_mic_stop >/dev/null 2>&1 || true
  kill "${xvfb:-}" 2>/dev/null || true
  [ -n "${KEEP_E2E:-}" ] || rm -rf "$work"
}

window_lib_mic() {
  virtual_mic_start || fail "virtual microphone did not start"
  espeak-ng -w "$work/speech.wav" "$1"
  virtual_mic_play "$work/speech.wav" --loop
}

# launch DATA [ENV=VAL...]: the app's output goes to $LAUNCH_LOG (default $work/app.log).
launch() {
  local data=$1; shift
  applog=${LAUNCH_LOG:-$work/app.log}
  # shellcheck disable=SC2086 # LAUNCH_ARGS is a list of words
  env REHEARSE_DATA_DIR="$data" REHEARSE_TRACE=1 "$@" "$bin" ${LAUNCH_ARGS:-} > "$applog" 2>&1 & app=$!
  win=""
  for _ in $(seq 150); do
    win=$(xdotool search --pid "$app" --name Rehearse 2>/dev/null | head -1) && [ -n "$win" ] && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$win" ] || { cat "$applog" >&2; fail "no window titled Rehearse"; }
  wait_state "${LAUNCH_FIRST:-setup|recovery [0-9]+}" || { cat "$applog" >&2; fail "the window never showed its first screen"; }
  # Keys go to the focused window: focus it once it is mapped and drawn.
  sleep 0.3
  xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus --sync "$win" 2>/dev/null || true
  sleep 0.2
}

# wait_state REGEX: waits (up to 20 s) until the app's newest REHEARSE_TRACE state line
# ("rehearse: state think q1") matches REGEX; fails if the app ends first.
wait_state() {
  local _
  for _ in $(seq 200); do
    grep -a "^rehearse: state " "$applog" 2>/dev/null | tail -1 | grep -qE "^rehearse: state ($1)\$" && return 0
    kill -0 "$app" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# expect REGEX: wait_state, or fail the script naming the state the app is in.
expect() {
  wait_state "$1" || fail "the app never reached \"$1\" (last: $(grep -a '^rehearse: state' "$applog" | tail -1))"
}

stop_app() {
  [ -n "${app:-}" ] || return 0
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app=""
}

key() { xdotool key --window "$win" "$@"; sleep 0.3; }
shot() { [ -n "${shots:-}" ] && { mkdir -p "$shots"; import -window "$win" "$shots/$1.png"; }; true; }
