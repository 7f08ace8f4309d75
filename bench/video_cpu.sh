#!/usr/bin/env bash
# The CPU of filming an answer (640x480, 30 fps, VP8 ~1 Mbit/s, the test camera) against
# recording its audio alone from the virtual microphone, with dropped audio and video frames.
#   bench/video_cpu.sh [SECONDS]     each phase SECONDS long (default 60; 300 for a 5-minute take)
# Needs scripts/install-system-deps.sh --test (PulseAudio for the virtual microphone).
# The dev profile is enough: the work is GStreamer's and libvpx's (Debian's optimised C
# libraries); the Rust side only starts the pipeline and the cpal capture.
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 19 cargo bench -j1 --profile dev --bench video -- --seconds "${1:-60}"
