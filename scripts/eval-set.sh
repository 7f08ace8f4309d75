#!/usr/bin/env bash
# Builds the speech evaluation set (tests/eval/make_eval.sh) into DIR once, for make test to
# share between tests/eval_metrics.rs and the analysis reference tests through
# REHEARSE_EVAL_DIR; it is built again only when make_eval.sh changes.
#   scripts/eval-set.sh DIR
set -euo pipefail
dir=${1:?usage: scripts/eval-set.sh DIR}
maker=$(dirname "$0")/../tests/eval/make_eval.sh
stamp=$(sha256sum "$maker" | cut -d' ' -f1)
[ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ] && exit 0
rm -rf "$dir"
echo "eval-set: building the speech evaluation set in $dir (about a minute)"
bash "$maker" "$dir" > /dev/null
echo "$stamp" > "$dir/.stamp"
