#!/usr/bin/env bash
# Benchmark: tertial against the peer pipeline (pandas + openpyxl) and the
# inflate-only floor, on corpora made by make_corpus.py.
#
#   bench/run.sh            # --areas 50 (100 workbooks) and --areas 500
#   AREAS="50" bench/run.sh # only the smaller corpus
#
# Prints a table of wall times, peak memory (from /usr/bin/time -v) and the
# ratios, and checks tertial's totals against the peer's JSON. A benchmark,
# not a test: nothing here is asserted against a clock. tertial's runs are
# repeated (REPEAT, default 5) and the median is shown: shared machines are
# noisy. "cold" is a run with an empty output folder (no parse cache);
# "one file changed" edits one forecast cell (bench/edit_one.py) before each
# run, so every repetition re-reads one new file.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tertial-target}"
AREAS="${AREAS:-50 500}"
WORK="${BENCH_DIR:-/tmp/tertial-bench}"
PERIOD=2025-T2

python3 -c "import openpyxl, pandas" 2>/dev/null || pip install -q openpyxl pandas
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v unzip >/dev/null || { apt-get update -qq && apt-get install -y -qq unzip >/dev/null; }
cargo build --release -q
BIN="$CARGO_TARGET_DIR/release/tertial"

REPEAT="${REPEAT:-5}"

# once CMD... → sets SECS and MIB for one run. The wall time is taken with
# nanosecond clocks around the run (GNU time's own is in hundredths of a
# second, too coarse for a 0.1 s rerun); the peak memory comes from time -v.
once() {
  local log start end; log="$(mktemp)"
  start=$(date +%s%N)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  end=$(date +%s%N)
  SECS=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", (b - a) / 1e9}')
  MIB=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$log")
  rm -f "$log"
}

# measure NAME CMD... → prints "NAME seconds peak-MiB" and sets SECS and MIB.
measure() {
  local name="$1"; shift
  once "$@"
  printf '  %-34s %8.2f s %8s MiB\n' "$name" "$SECS" "$MIB"
}

# repeated NAME PREP CMD... → runs PREP (a shell snippet) then CMD, REPEAT
# times; prints and sets the median SECS and the largest MIB.
repeated() {
  local name="$1" prep="$2"; shift 2
  local all=() peak=0
  for _ in $(seq "$REPEAT"); do
    sh -c "$prep"
    once "$@"
    all+=("$SECS")
    [ "$MIB" -gt "$peak" ] && peak=$MIB
  done
  SECS=$(printf '%s\n' "${all[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  MIB=$peak
  printf '  %-34s %8.2f s %8s MiB   (median of %s)\n' "$name" "$SECS" "$MIB" "$REPEAT"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m)"
for a in $AREAS; do
  dir="$WORK/areas-$a"
  if [ ! -d "$dir/input/$PERIOD" ]; then
    python3 bench/make_corpus.py "$dir" --areas "$a" --period "$PERIOD"
  fi
  files=$(find "$dir/input/$PERIOD" -name '*.xlsx' | wc -l)
  echo "corpus --areas $a: $files workbooks"
  rm -rf "$dir/out"
  # tertial runs in the corpus folder: no register, no template override.
  pushd "$dir" >/dev/null
  # Cold runs and reruns with one changed file alternate, so that a noisy
  # spell of the machine hits both alike; the ratio is the median of the
  # pairs' ratios.
  # The first economy workbook (a glob, not `ls | head`: with pipefail, a
  # long listing cut short by head failed the script).
  changed=""
  for f in "input/$PERIOD"/ekonomi*.xlsx; do changed="$f"; break; done
  cp "$changed" "$dir/original.xlsx"
  colds=(); ones=(); ratios=(); m_run=0; m_one=0
  for _ in $(seq "$REPEAT"); do
    rm -rf out
    once "$BIN" run --input input --output out --period "$PERIOD" --force
    cold=$SECS; [ "$MIB" -gt "$m_run" ] && m_run=$MIB
    python3 "$ROOT/bench/edit_one.py" "$changed"
    once "$BIN" run --input input --output out --period "$PERIOD"
    one=$SECS; [ "$MIB" -gt "$m_one" ] && m_one=$MIB
    colds+=("$cold"); ones+=("$one")
    ratios+=("$(awk -v a="$one" -v b="$cold" 'BEGIN {print 100 * a / b}')")
  done
  cp "$dir/original.xlsx" "$changed"
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  t_run=$(median "${colds[@]}"); t_one=$(median "${ones[@]}"); r_one=$(median "${ratios[@]}")
  printf '  %-34s %8.3f s %8s MiB   (median of %s)\n' "tertial run, cold (no cache)" "$t_run" "$m_run" "$REPEAT"
  printf '  %-34s %8.3f s %8s MiB   (median of %s)\n' "tertial rerun, one file changed" "$t_one" "$m_one" "$REPEAT"
  "$BIN" run --input input --output out --period "$PERIOD" >/dev/null
  [ -f "out/$PERIOD/bilaga-$PERIOD.xlsx" ] || { echo "tertial wrote no outputs"; exit 1; }
  repeated "tertial read stage" ":" "$BIN" read --input input --period "$PERIOD"
  t_read=$SECS
  repeated "tertial rerun, unchanged" ":" "$BIN" run --input input --output out --period "$PERIOD"
  t_rerun=$SECS
  popd >/dev/null
  measure "inflate-only floor (unzip)" sh -c "for f in \"$dir\"/input/$PERIOD/*.xlsx; do unzip -p \"\$f\" >/dev/null; done"
  t_floor=$SECS
  if [ "${SKIP_PEER:-}" = "" ]; then
    measure "peer (pandas + openpyxl)" sh -c "python3 \"$ROOT/bench/peer.py\" \"$dir/input\" $PERIOD > \"$dir/peer.json\""
    t_peer=$SECS
    awk -v p="$t_peer" -v r="$t_run" 'BEGIN {printf "  end to end: %.1fx faster than the peer\n", p / r}'
    python3 "$ROOT/bench/compare.py" "$dir/peer.json" "$dir/out/$PERIOD/bilaga-$PERIOD.xlsx" | tail -1
  fi
  awk -v f="$t_floor" -v r="$t_read" 'BEGIN {printf "  read stage: %.2fx the inflate-only floor\n", r / f}'
  awk -v a="$t_rerun" -v r="$t_run" 'BEGIN {printf "  unchanged rerun: %.0f %% of a cold run\n", 100 * a / r}'
  printf '  rerun with one changed file: %.0f %% of a cold run (median of the pairs; %.0f %% as the ratio of the medians)\n' \
    "$r_one" "$(awk -v a="$t_one" -v b="$t_run" 'BEGIN {print 100 * a / b}')"
  echo "  peak memory end to end: $m_run MiB"
done
