#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 900), one after another,
# at the lowest priority. Needs cargo-fuzz; on a stable toolchain RUSTC_BOOTSTRAP=1 lets it
# use the nightly flags it needs. Crashes land in artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${SECONDS_EACH:-900}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(table_segmenters number_lexer prose_extractor rule_loader expression_parser pipeline)
fi
[ -d corpus ] || ./seed.sh
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  nice -n 19 cargo fuzz run --sanitizer none -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
done
