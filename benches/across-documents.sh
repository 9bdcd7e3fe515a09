#!/usr/bin/env bash
# The cross-document benchmark: how the comparison of an issuer's documents grows with their
# number.
#
#     benches/across-documents.sh [--copies "4 40"] [--threads 2] [--shared DIR] [--no-build]
#
# For each N of --copies it copies the five real filings (SHARED/filings) N times into a
# temporary directory and puts every copy in one group of a `tieout.yaml`, so that all of them
# are one issuer's documents and every document's figures are compared with every other's
# (`doc.agreement` across documents: a hash join on issuer, concept and period). It then times
# `tieout audit -j T --format json` with the built-in rules (best of 3) and prints a Markdown
# table of documents, facts, checks, wall time and peak RSS (GNU time), and the ratio of the
# times against the ratio of the documents: the join's cost should grow with the facts, not
# with their square.
#
# SHARED is --shared, else $TIEOUT_SHARED, else `../shared` beside the repository.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
copies="4 40"
threads=2
shared="${TIEOUT_SHARED:-$repo/../shared}"
build=1

while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies="${2:?--copies needs a list of counts}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a count}"; shift 2 ;;
    --shared) shared="${2:?--shared needs a directory}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "across-documents.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

say() { echo "across-documents.sh: $*" >&2; }
[ -d "$shared/filings" ] || { say "no filings in $shared/filings"; exit 2; }
/usr/bin/time -f '%e' -o /dev/null true 2>/dev/null || { say "GNU time is needed at /usr/bin/time"; exit 2; }

if [ "$build" = 1 ]; then
  say "building tieout"
  (cd "$repo" && cargo build --release --quiet)
fi
tieout="$repo/target/release/tieout"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "| copies | documents | facts | checks | failing | wall (best of 3) | peak RSS |"
echo "|---|---|---|---|---|---|---|"
first_docs="" first_time=""
for n in $copies; do
  dir="$work/copies-$n"
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do
    mkdir -p "$dir/copy-$i"
    cp "$shared"/filings/*.txt "$dir/copy-$i/"
  done
  printf 'groups:\n  - name: one issuer\n    paths: ["copy-*/"]\n' > "$dir/tieout.yaml"
  best="" rss=""
  for _ in 1 2 3; do
    status=0
    (cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time" "$tieout" audit -q -j "$threads" \
      --format json . > "$work/report.json") || status=$?
    [ "$status" -le 1 ] || { say "tieout failed (exit $status)"; exit 2; }
    read -r seconds kb < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best="$seconds" rss="$kb"
    fi
  done
  read -r docs facts checks failed < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(s["documents"], s["facts"], s["checks"], s["failed"])' "$work/report.json")
  echo "| $n | $docs | $facts | $checks | $failed | ${best} s | $((rss / 1024)) MB |"
  if [ -z "$first_docs" ]; then
    first_docs="$docs" first_time="$best"
  else
    awk -v d="$docs" -v d0="$first_docs" -v t="$best" -v t0="$first_time" \
      'BEGIN { printf "\n%.1f× the documents: %.2f× the time\n", d / d0, t / t0 }'
  fi
done
