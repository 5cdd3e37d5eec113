#!/usr/bin/env bash
# Benchmark: tertial against the peer pipelines and an honest floor, on
# corpora made by make_corpus.py.
#
#   bench/run.sh            # --areas 50 (100 workbooks) and --areas 500
#   AREAS="50" bench/run.sh # only the smaller corpus
#   SKIP_PEER=1 ...         # leave out the slow pandas + openpyxl peer
#   MONTHS=0 ...            # leave out the year of month folders
#   ONLY_MONTHS=1 ...       # only the year of month folders
#   SIE_LINES="1000000" ... # the SIE files' sizes (default one and four million #TRANS lines)
#   ONLY_SIE=1 ...          # only the SIE files
#
# Measured, each the median of REPEAT runs (default 5), cold runs of tertial
# and of peer_polars.py alternating so that a noisy spell of this shared
# machine hits both alike:
#   * tertial run, cold: empty output folder, annex + PDF + Parquet written;
#   * peer_polars.py: calamine (fastexcel) and polars from Python, reading
#     and aggregating only — the strong peer; the ratio is peer ÷ tertial;
#   * the floor: `tertial read`, which inflates every part of every
#     workbook in-process on the run's threads and does nothing else;
#   * tertial rerun on unchanged inputs (the manifest says nothing changed);
#   * peer.py (pandas + openpyxl, what an analyst writes), once.
# The year of month folders (MONTHS, on by default): the 100-workbook corpus
# as twelve folders 2025-01 … 2025-12 (each month its own figures), months
# 01–11 run once and published; then, cold, side by side and alternating:
#   * month 12 alone (a copy of its folder with no earlier folders);
#   * month 12 with the eleven earlier folders taken from their published
#     history (what the nightly run does);
#   * month 12 reading every earlier folder's workbooks (`--force`);
# and an unchanged rerun of month 12, with a check that it wrote nothing.
# The SIE 4 files (make_sie.py): a type 4 file of SIE_LINES #TRANS lines (one
# and four million), read line by line: `tertial check` on it, time and peak
# memory, beside polars' own CSV reader on the same rows as CSV (peer_csv.py:
# read and summed by month, account and objects, the floor a general tool
# reaches); tertial's memory should not grow with the file.
# tertial's annex is checked against both peers' JSON (compare.py). Each
# corpus also gets one cold run with the JSON log, whose stage events give
# the status page's share of the run. At the end, the corpora side by side:
# each cold run against the smallest corpus's, the ratio to peer_polars,
# the status page's share and peak memory against the peer's. A benchmark,
# not a test: nothing here is asserted against a clock.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tertial-target}"
AREAS="${AREAS:-50 500}"
WORK="${BENCH_DIR:-/tmp/tertial-bench}"
PERIOD=2025-T2
REPEAT="${REPEAT:-5}"

python3 -c "import openpyxl, pandas, polars, fastexcel" 2>/dev/null \
  || pip install -q openpyxl pandas polars fastexcel
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release -q
BIN="$CARGO_TARGET_DIR/release/tertial"

# once CMD... → sets SECS and MIB for one run: wall time from nanosecond
# clocks around the run, peak memory from time -v.
once() {
  local log start end; log="$(mktemp)"
  start=$(date +%s%N)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  end=$(date +%s%N)
  SECS=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", (b - a) / 1e9}')
  MIB=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$log")
  rm -f "$log"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m)"

# months: the year of month folders, as described above.
months() {
  local dir="$WORK/months" alone="$WORK/months-alone" m
  if [ ! -f "$dir/input/2025-12/.complete" ]; then
    rm -rf "$dir"
    for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
      python3 bench/make_corpus.py "$dir" --areas 50 --period "2025-$m" --seed "1$m" >/dev/null
    done
    touch "$dir/input/2025-12/.complete"
  fi
  rm -rf "$alone"; mkdir -p "$alone/input"
  cp -a "$dir/input/2025-12" "$alone/input/"; cp "$dir/tertial.toml" "$alone/"
  local files; files=$(find "$dir/input/2025-12" -name '*.xlsx' | wc -l)
  echo "year of month folders: 12 folders of $files workbooks (--areas 50)"
  pushd "$dir" >/dev/null
  rm -rf out
  for m in 01 02 03 04 05 06 07 08 09 10 11; do
    "$BIN" run --input input --output out --period "2025-$m" >/dev/null || true
  done
  local t_alone=() t_hist=() t_all=() m_alone=0 m_hist=0 m_all=0
  for _ in $(seq "$REPEAT"); do
    rm -rf "$alone/out"; pushd "$alone" >/dev/null
    once "$BIN" run --input input --output out --period 2025-12
    popd >/dev/null
    t_alone+=("$SECS"); [ "$MIB" -gt "$m_alone" ] && m_alone=$MIB
    rm -rf out/2025-12
    once "$BIN" run --input input --output out --period 2025-12
    t_hist+=("$SECS"); [ "$MIB" -gt "$m_hist" ] && m_hist=$MIB
    rm -rf out/2025-12
    once "$BIN" run --input input --output out --period 2025-12 --force
    t_all+=("$SECS"); [ "$MIB" -gt "$m_all" ] && m_all=$MIB
  done
  rm -rf out/2025-12
  "$BIN" run --input input --output out --period 2025-12 | { grep '^Tidigare perioder' || true; } | sed 's/^/  /'
  local marker; marker="$(mktemp)"; sleep 1; touch "$marker"
  once "$BIN" run --input input --output out --period 2025-12
  local t_rerun=$SECS written; written=$(find out -newer "$marker" | wc -l); rm -f "$marker"
  local a h f
  a=$(median "${t_alone[@]}"); h=$(median "${t_hist[@]}"); f=$(median "${t_all[@]}")
  printf '  %-52s %8.3f s %6s MiB\n' "month 12 alone (no earlier folders), cold" "$a" "$m_alone"
  printf '  %-52s %8.3f s %6s MiB\n' "month 12, 11 earlier from published history, cold" "$h" "$m_hist"
  printf '  %-52s %8.3f s %6s MiB\n' "month 12, 11 earlier read again (--force), cold" "$f" "$m_all"
  printf '  %-52s %8.3f s, %s files written\n' "month 12 rerun, unchanged inputs" "$t_rerun" "$written"
  echo "  (medians of $REPEAT, the three alternating)"
  awk -v a="$a" -v h="$h" -v f="$f" 'BEGIN {printf "  with history: %.2fx the run alone; reading every folder: %.2fx\n", h / a, f / a}'
  popd >/dev/null
}
# sie: the SIE files, as described above.
sie() {
  local n dir t_run=() t_peer=() m_run m_peer r p
  echo "SIE 4 files, read line by line (tertial check) beside polars reading the same rows as CSV:"
  for n in ${SIE_LINES:-1000000 4000000}; do
    dir="$WORK/sie-$n"
    [ -f "$dir/.complete" ] || { rm -rf "$dir"; python3 bench/make_sie.py "$dir" --trans "$n" >/dev/null; touch "$dir/.complete"; }
    t_run=(); t_peer=(); m_run=0; m_peer=0
    pushd "$dir" >/dev/null
    for _ in $(seq "$REPEAT"); do
      once "$BIN" check --input input --period 2025-12
      t_run+=("$SECS"); [ "$MIB" -gt "$m_run" ] && m_run=$MIB
      once python3 "$ROOT/bench/peer_csv.py" huvudbok.csv
      t_peer+=("$SECS"); [ "$MIB" -gt "$m_peer" ] && m_peer=$MIB
    done
    "$BIN" check --input input --period 2025-12 | tail -1 | sed 's/^/  /'
    popd >/dev/null
    r=$(median "${t_run[@]}"); p=$(median "${t_peer[@]}")
    printf '  %-52s %8.3f s %6s MiB\n' "tertial check, $(du -m "$dir/input/2025-12/huvudbok.se" | cut -f1) MB SIE, $n #TRANS" "$r" "$m_run"
    printf '  %-52s %8.3f s %6s MiB\n' "polars read_csv + group_by, same rows as CSV" "$p" "$m_peer"
  done
  echo "  (medians of $REPEAT, alternating; memory is the peak of the runs)"
}
[ "${ONLY_SIE:-}" = "" ] || { sie; exit 0; }
sie
[ "${MONTHS:-1}" = 0 ] || months
[ "${ONLY_MONTHS:-}" = "" ] || exit 0

summary=()
for a in $AREAS; do
  dir="$WORK/areas-$a"
  if [ ! -d "$dir/input/$PERIOD" ] || [ ! -f "$dir/tertial.toml" ]; then
    python3 bench/make_corpus.py "$dir" --areas "$a" --period "$PERIOD"
  fi
  files=$(find "$dir/input/$PERIOD" -name '*.xlsx' | wc -l)
  echo "corpus --areas $a: $files workbooks"
  pushd "$dir" >/dev/null
  colds=(); peers=(); floors=(); reruns=(); m_run=0; m_peer=0
  for _ in $(seq "$REPEAT"); do
    rm -rf out
    once "$BIN" run --input input --output out --period "$PERIOD"
    colds+=("$SECS"); [ "$MIB" -gt "$m_run" ] && m_run=$MIB
    once python3 "$ROOT/bench/peer_polars.py" input "$PERIOD"
    peers+=("$SECS"); [ "$MIB" -gt "$m_peer" ] && m_peer=$MIB
    once "$BIN" read --input input --period "$PERIOD"
    floors+=("$SECS")
    once "$BIN" run --input input --output out --period "$PERIOD"
    reruns+=("$SECS")
  done
  [ -f "out/$PERIOD/bilaga-$PERIOD.xlsx" ] || { echo "tertial wrote no outputs"; exit 1; }
  rm -rf out
  "$BIN" run --input input --output out --period "$PERIOD" --log-format json > stages.jsonl
  share=$(python3 -c 'import json, sys
ms = {e["stage"]: e["ms"] for e in map(json.loads, open(sys.argv[1])) if e["event"] == "stage"}
print("%.1f" % (100 * ms.get("status", 0) / sum(ms.values())))' stages.jsonl)
  t_run=$(median "${colds[@]}"); t_peer=$(median "${peers[@]}")
  t_floor=$(median "${floors[@]}"); t_rerun=$(median "${reruns[@]}")
  printf '  %-40s %8.3f s %6s MiB\n' "tertial run, cold" "$t_run" "$m_run"
  printf '  %-40s %8.3f s %6s MiB\n' "peer_polars.py (calamine + polars)" "$t_peer" "$m_peer"
  printf '  %-40s %8.3f s\n' "floor: inflate every part (tertial read)" "$t_floor"
  printf '  %-40s %8.3f s\n' "tertial rerun, unchanged inputs" "$t_rerun"
  echo "  (medians of $REPEAT, tertial and peer_polars alternating)"
  awk -v p="$t_peer" -v r="$t_run" 'BEGIN {printf "  tertial cold is %.2fx faster than peer_polars.py\n", p / r}'
  awk -v f="$t_floor" -v r="$t_run" 'BEGIN {printf "  tertial cold is %.2fx the inflate floor\n", r / f}'
  echo "  the status page is $share % of a cold run"
  summary+=("$a $files $t_run $t_peer $m_run $m_peer $share")
  python3 "$ROOT/bench/peer_polars.py" input "$PERIOD" > "$dir/peer_polars.json"
  python3 "$ROOT/bench/compare.py" "$dir/peer_polars.json" "out/$PERIOD/bilaga-$PERIOD.xlsx" | tail -1
  popd >/dev/null
  if [ "${SKIP_PEER:-}" = "" ]; then
    once sh -c "python3 \"$ROOT/bench/peer.py\" \"$dir/input\" $PERIOD > \"$dir/peer.json\""
    printf '  %-40s %8.2f s %6s MiB\n' "peer.py (pandas + openpyxl)" "$SECS" "$MIB"
    awk -v p="$SECS" -v r="$t_run" 'BEGIN {printf "  tertial cold is %.1fx faster than peer.py\n", p / r}'
    python3 "$ROOT/bench/compare.py" "$dir/peer.json" "$dir/out/$PERIOD/bilaga-$PERIOD.xlsx" | tail -1
  fi
done

echo "side by side:"
printf '  %-8s %9s %9s %10s %12s %12s %13s\n' areas workbooks "cold s" "÷ first" "÷ peer_pol." "memory ÷ peer" "status share"
first=""
for row in "${summary[@]}"; do
  set -- $row
  [ -n "$first" ] || first=$3
  awk -v a="$1" -v w="$2" -v r="$3" -v f="$first" -v p="$4" -v m="$5" -v mp="$6" -v s="$7" \
    'BEGIN {printf "  %-8s %9d %9.3f %9.2fx %11.2fx %12.2fx %11.1f %%\n", a, w, r, r / f, p / r, m / mp, s}'
done
