#!/usr/bin/env bash
# Runs the README's test command N times in a row on a fresh clone of this repository's HEAD,
# while a busy loop holds one core (the load CI machines and a user's laptop see), and ends
# with the line "N passed, M failed".
#   scripts/repeat-tests.sh [N] [--no-load] [--seed-target DIR]
# The clone keeps one target directory across runs: the first run builds from cold, the
# others reuse the build (as a developer's machine does). --seed-target DIR hard-links the
# dependency builds of DIR (a target directory) into the clone first, so the first run builds
# only this crate (saves ~15 minutes on 2 cores). Logs: /tmp/rehearse-repeat.*/run-K.log
set -uo pipefail
runs=10
load=1
seed=""
while [ $# -gt 0 ]; do
  case $1 in
    --no-load) load=0 ;;
    --seed-target) seed=$(realpath "$2"); shift ;;
    *) runs=$1 ;;
  esac
  shift
done
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/rehearse-repeat.XXXXXX)
git clone -q "$repo" "$work/clone" || { echo "repeat-tests: cannot clone $repo" >&2; exit 1; }
echo "repeat-tests: $runs runs of make test on a fresh clone of $(git -C "$repo" rev-parse --short HEAD)"
if [ -n "$seed" ]; then
  mkdir -p "$work/clone/target/debug"
  for d in deps build .fingerprint; do
    cp -al "$seed/debug/$d" "$work/clone/target/debug/$d" || exit 1
  done
fi
busy=""
if [ "$load" = 1 ]; then
  (while :; do :; done) &
  busy=$!
fi
trap '[ -n "$busy" ] && kill "$busy" 2>/dev/null' EXIT

passed=0
failed=0
for k in $(seq 1 "$runs"); do
  start=$(date +%s)
  if (cd "$work/clone" && make test) >"$work/run-$k.log" 2>&1; then
    passed=$((passed + 1)); result=passed
  else
    failed=$((failed + 1)); result=FAILED
  fi
  echo "repeat-tests: run $k of $runs $result in $(( $(date +%s) - start )) s (log: $work/run-$k.log)"
  [ "$result" = FAILED ] && grep -E "FAIL|panicked|failed|error" "$work/run-$k.log" | head -15
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
