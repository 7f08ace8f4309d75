# bench/lib.sh: sourced by bench/*.sh, on top of scripts/window-lib.sh.
#   bench_init NAME DEFAULT_SECONDS [BINARY] [SECONDS]
#     sets bin (default target/release/rehearse) and secs, stops if the binary is not built,
#     then window_lib_init NAME (work dir, cleanup trap, private Xvfb display).
# shellcheck source=scripts/window-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/window-lib.sh"

bench_init() {
  local name=$1 default_secs=$2
  bin=$(realpath "${3:-target/release/rehearse}")
  secs=${4:-$default_secs}
  [ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }
  window_lib_init "$name"
}
