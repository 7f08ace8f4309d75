#!/usr/bin/env bash
# Builds an evaluation set into DIR once, for make test to share between tests through an
# environment variable; it is built again only when its maker changes.
#   scripts/eval-set.sh DIR [MAKER]
# MAKER defaults to tests/eval/make_eval.sh (the speech set: REHEARSE_EVAL_DIR, for
# tests/eval_metrics.rs and the analysis reference tests); tests/eval/make_fillers.py builds
# the filler set (REHEARSE_FILLER_DIR, for tests/transcribe_fillers.rs).
set -euo pipefail
dir=${1:?usage: scripts/eval-set.sh DIR [MAKER]}
maker=${2:-$(dirname "$0")/../tests/eval/make_eval.sh}
stamp=$(sha256sum "$maker" | cut -d' ' -f1)
[ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ] && exit 0
rm -rf "$dir"
echo "eval-set: building $(basename "$maker")'s evaluation set in $dir (up to a minute)"
case $maker in
  *.py) python3 "$maker" "$dir" > /dev/null ;;
  *) bash "$maker" "$dir" > /dev/null ;;
esac
echo "$stamp" > "$dir/.stamp"
