#!/usr/bin/env bash
# The corpus benchmark: how fast `tieout audit` reads a large archive of filings, on one and
# on two threads, against a ripgrep scan for numbers over the same files.
#
#     benches/corpus.sh [--sizes "256 1024"] [--threads "1 2"] [--keep DIR] [--shared DIR]
#                       [--rg-runs 3] [--no-build]
#
# For each size N (megabytes) it builds a corpus with the corpus builder
# `SHARED/bench/make-corpus DIR --mb N` (copies of the real filings in SHARED/filings with
# planted errors, in sub-directories of 100 files), builds tieout (`cargo build --release`)
# and times, on the same corpus in the same run:
#
#   - `rg -o -j2 '[0-9][0-9,]*\.?[0-9]*' CORPUS > /dev/null`, the best of --rg-runs runs: what
#     merely finding every figure costs;
#   - `tieout audit -j T --format json CORPUS` with the built-in rules, for each T of
#     --threads. Exit status 1 (findings: the corpus plants them) is expected, 2 fails the
#     benchmark. The report is written to a file beside the corpus rather than to /dev/null,
#     so that its summary gives the fact count and the reports at each thread count can be
#     compared (they must be byte-identical).
#
# Peak RSS comes from GNU time (`/usr/bin/time -f %M`), wall time from the clock around it.
# Before the first timed run the corpus is read once, so every run finds it in the page
# cache. It also times a single small file, start-up included (best of 10). Sizes are in MB
# of 10^6 bytes, as counted on disk.
#
# SHARED is --shared, else $TIEOUT_SHARED, else `../shared` beside the repository: the
# directory that holds `bench/make-corpus` and `filings/`. Corpora go into a temporary
# directory (under $TMPDIR, else /tmp) that is deleted at the end, each one as soon as it has
# been measured; with --keep DIR they are built in DIR/mb-N, kept, and reused by a later run.
# A 1024 MB corpus needs about 1.1 GB of disk.
#
# Needs python3 (for the builder), ripgrep and GNU time: on Debian,
# `apt-get install ripgrep time` (or `cargo install ripgrep`).
#
# The result is a Markdown table on stdout, ready for the README; progress goes to stderr.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
sizes="256 1024"
threads="1 2"
keep=""
shared="${TIEOUT_SHARED:-$repo/../shared}"
rg_runs=3
build=1

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="${2:?--sizes needs a list of sizes in MB}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a list of thread counts}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a directory}"; shift 2 ;;
    --shared) shared="${2:?--shared needs a directory}"; shift 2 ;;
    --rg-runs) rg_runs="${2:?--rg-runs needs a count}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage ;;
    *) echo "corpus.sh: unknown argument $1" >&2; usage ;;
  esac
done

say() { echo "corpus.sh: $*" >&2; }
die() { say "$*"; exit 2; }

builder="$shared/bench/make-corpus"
[ -f "$builder" ] || die "no corpus builder at $builder (give --shared DIR or set TIEOUT_SHARED)"
[ -d "$shared/filings" ] || die "no filings in $shared/filings"
command -v python3 >/dev/null || die "python3 is needed by the corpus builder"
command -v rg >/dev/null || die "ripgrep is needed: apt-get install ripgrep (or cargo install ripgrep)"
gnu_time=/usr/bin/time
if ! "$gnu_time" -f '%e %M' -o /dev/null true 2>/dev/null; then
  die "GNU time is needed at /usr/bin/time: apt-get install time"
fi
for n in $sizes; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "a size is a whole number of MB, not '$n'"
done
for t in $threads; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || die "a thread count is a whole number, not '$t'"
done

if [ "$build" = 1 ]; then
  say "cargo build --release"
  (cd "$repo" && cargo build --release --quiet)
fi
tieout="$repo/target/release/tieout"
[ -x "$tieout" ] || die "no release build at $tieout (run without --no-build)"

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  work="$(cd "$keep" && pwd)"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/tieout-corpus.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
scratch="$work/.runs"
mkdir -p "$scratch"

# a / b in the printf format given (awk does the arithmetic); digits grouped by thousands.
ratio() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else printf "—" }'; }
thousands() { printf "%s" "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|[,.]\)/\1,\2\3/; ta'; }

# Runs "$@" under GNU time, stdout to the file given first; sets `wall` (seconds, to the
# millisecond: GNU time's own is to the hundredth), `rss` (KiB) and `status`.
timed() {
  local out="$1" start end; shift
  status=0
  start=$(date +%s%N)
  "$gnu_time" -f '%M' -o "$scratch/time" "$@" >"$out" 2>"$scratch/stderr" || status=$?
  end=$(date +%s%N)
  wall=$(awk -v ns=$(( end - start )) 'BEGIN { printf "%.3f", ns / 1e9 }')
  rss=$(tail -n 1 "$scratch/time")
}

# Seconds as the table prints them: to the hundredth, to the millisecond under one second.
seconds() { awk -v s="$1" 'BEGIN { printf (s < 1 ? "%.3f s" : "%.2f s"), s }'; }

# The best of `n` runs, in milliseconds, of a command on a small file, start-up included.
best_ms() {
  local n="$1" best="" start end ms; shift
  for _ in $(seq "$n"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  awk -v us="$best" 'BEGIN { printf "%.1f", us / 1000 }'
}

rows=()
notes=()
declare -A wall_of bytes_of
first_size=""
last_size=""
first_threads="${threads%% *}"
last_threads="${threads##* }"

for n in $sizes; do
  corpus="$work/mb-$n"
  if [ -f "$corpus/.corpus-info" ]; then
    say "reusing the $n MB corpus in $corpus"
  else
    say "building a $n MB corpus"
    rm -rf "$corpus"
    python3 "$builder" "$corpus" --mb "$n" >"$corpus.info"
    mv "$corpus.info" "$corpus/.corpus-info"
  fi
  files=$(find "$corpus" -type f -name '*.txt' | wc -l)
  bytes=$(find "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  say "$files files, $mb MB; warming the page cache"
  find "$corpus" -type f -name '*.txt' -exec cat {} + >/dev/null

  best_rg=""
  for _ in $(seq "$rg_runs"); do
    timed /dev/null rg -o -j2 '[0-9][0-9,]*\.?[0-9]*' "$corpus"
    [ "$status" = 0 ] || die "rg failed with status $status: $(cat "$scratch/stderr")"
    if [ -z "$best_rg" ] || awk -v a="$wall" -v b="$best_rg" 'BEGIN { exit !(a < b) }'; then
      best_rg=$wall
    fi
  done
  say "rg number scan: $(seconds "$best_rg")"

  facts=""
  reference=""
  for t in $threads; do
    say "tieout audit -j $t ($n MB)"
    report="$scratch/report-$t.json"
    timed "$report" "$tieout" audit -q -j "$t" --format json "$corpus"
    if [ "$status" -gt 1 ]; then
      die "tieout exited with status $status: $(head -c 2000 "$scratch/stderr")"
    fi
    summary=$(head -n 20 "$report")
    facts=$(sed -n 's/^ *"facts": \([0-9]*\).*/\1/p' <<<"$summary")
    checks=$(sed -n 's/^ *"checks": \([0-9]*\).*/\1/p' <<<"$summary")
    failed=$(sed -n 's/^ *"failed": \([0-9]*\).*/\1/p' <<<"$summary")
    [ -n "$facts" ] || die "no fact count in the JSON summary of $report"
    if [ -z "$reference" ]; then
      reference="$report"
    else
      cmp -s "$reference" "$report" || die "the report at -j $t differs from the one at -j $first_threads"
      rm -f "$report"
    fi
    wall_of[$n,$t]=$wall
    rows+=("| \`--mb $n\` | $(thousands "$files") | $(thousands "$mb") | $t | $(seconds "$wall") \
| $(ratio "$mb" "$wall" %.1f) | $(ratio "$files" "$wall" %.1f) \
| $(thousands "$(ratio "$facts" "$wall" %.0f)") | $(thousands "$(( rss / 1024 ))") MB \
| $(ratio "$wall" "$best_rg" %.1f)× |")
  done
  rm -f "$reference"
  notes+=("- \`--mb $n\`: $(thousands "$facts") facts, $(thousands "$checks") checks, \
$(thousands "$failed") failing; rg number scan $(seconds "$best_rg") ($(ratio "$mb" "$best_rg" %.0f) MB/s)\
$(if [ "$first_threads" != "$last_threads" ]; then
    printf '; %s threads %s× faster than %s' "$last_threads" \
      "$(ratio "${wall_of[$n,$first_threads]}" "${wall_of[$n,$last_threads]}")" "$first_threads"
  fi)")
  [ -n "$first_size" ] || first_size=$n
  last_size=$n
  bytes_of[$n]=$bytes
  if [ -z "$keep" ]; then rm -rf "$corpus"; fi
done

say "timing a single small file"
fixture="$repo/fixtures/tables/tabbed-simple-total.txt"
small_filing="$shared/filings/002_f912ce001ec45cb4.txt"
single_fixture=$(best_ms 10 "$tieout" audit --format json "$fixture")
single_filing=""
if [ -f "$small_filing" ]; then
  single_filing=$(best_ms 10 "$tieout" audit --format json "$small_filing")
fi

model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
revision=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo "unknown")

echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores (${model:-unknown CPU}), ${memory:-unknown memory}; \
tieout $revision, release build, built-in rules, \`--format json\`:"
echo
echo "| corpus | files | MB | threads | wall | MB/s | files/s | facts/s | peak RSS | ÷ rg scan |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${notes[@]}"
if [ "$first_size" != "$last_size" ]; then
  growth="- growth from \`--mb $first_size\` to \`--mb $last_size\` ($(ratio "${bytes_of[$last_size]}" "${bytes_of[$first_size]}")× the bytes):"
  for t in $threads; do
    growth+=" $(ratio "${wall_of[$last_size,$t]}" "${wall_of[$first_size,$t]}")× the wall time at $t thread$([ "$t" = 1 ] || echo s);"
  done
  echo "${growth%;}"
fi
echo "- a single small file, start-up included (best of 10): ${single_fixture} ms for a fixture \
($(stat -c %s "$fixture") bytes)$(if [ -n "$single_filing" ]; then
  printf ', %s ms for the smallest real filing (%s bytes)' "$single_filing" "$(stat -c %s "$small_filing")"
fi)"
