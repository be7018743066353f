#!/usr/bin/env bash
# Training speed of `grokwatch train` by native-thread setting, on a quiet machine and under a competing
# CPU load, as a Markdown table on standard output (docs/bench/threads.md was made with it).
#
#   examples/bench-threads.sh [JAR] > docs/bench/threads.md
#
# JAR defaults to examples/target/grokwatch.jar (build it first: mvn -B -q -DskipTests package).
# Environment: STEPS (training steps per run, default 200), ROUNDS (runs per setting and condition,
# default 3), LOAD (busy-loop processes of the loaded condition, default: one per core), BEFORE_JAR (a jar
# built before --threads existed, added as its own row).
#
# Each run is `train --steps STEPS --stop none --eval-every STEPS` in a fresh JVM; its figure is train's own
# ms/step: the median wall time of a training step, steps with an evaluation left out. Every round runs each
# setting once quiet, then starts LOAD busy loops (sh -c 'while :; do :; done', unpinned, normal priority: other
# work on a laptop) and runs each setting again. "background" is the CPU the rest of the machine used during
# the quiet runs, from /proc/stat minus the run's own CPU time, in cores.
set -euo pipefail

JAR=${1:-examples/target/grokwatch.jar}
STEPS=${STEPS:-200}
ROUNDS=${ROUNDS:-3}
CORES=$(nproc)
LOAD=${LOAD:-$CORES}
WORK=$(mktemp -d)
LOADERS=()

stop_load() {
  for pid in "${LOADERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${LOADERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  LOADERS=()
}
trap 'stop_load; rm -rf "$WORK"' EXIT

# label | jar | environment (besides OMP_NUM_THREADS and OMP_WAIT_POLICY, which are cleared) | train options
SETTINGS=(
  "ND4J's default: 1 thread per core, wait policy unset (before)|$JAR||--threads $CORES"
  "OMP_NUM_THREADS=$CORES OMP_WAIT_POLICY=ACTIVE|$JAR|OMP_NUM_THREADS=$CORES OMP_WAIT_POLICY=ACTIVE|"
  "OMP_NUM_THREADS=$CORES OMP_WAIT_POLICY=PASSIVE|$JAR|OMP_NUM_THREADS=$CORES OMP_WAIT_POLICY=PASSIVE|"
  "OMP_NUM_THREADS=1 (environment, read when ND4J loads)|$JAR|OMP_NUM_THREADS=1|"
  "1 thread set at run time + OMP_WAIT_POLICY=PASSIVE|$JAR|OMP_WAIT_POLICY=PASSIVE|"
  "new default: 1 thread set at run time|$JAR||"
)
if [[ -n "${BEFORE_JAR:-}" ]]; then
  SETTINGS=("jar built before --threads, environment unset|$BEFORE_JAR||" "${SETTINGS[@]}")
fi

cpu_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }

# run LABEL_INDEX CONDITION: appends "index condition ms_per_step background_cores" to $WORK/results
run() {
  local index=$1 condition=$2
  IFS='|' read -r label jar environment options <<<"${SETTINGS[$index]}"
  local out="$WORK/run" log="$WORK/log" times="$WORK/time"
  local before after start end
  before=$(cpu_busy)
  start=$(date +%s.%N)
  # shellcheck disable=SC2086 # environment and options are word lists
  env -u OMP_NUM_THREADS -u OMP_WAIT_POLICY $environment /usr/bin/time -f "%U %S" -o "$times" \
    java -jar "$jar" train --steps "$STEPS" --stop none --eval-every "$STEPS" --out "$out" $options \
    >"$log" 2>&1 || { echo "run failed: $label ($condition)" >&2; cat "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  after=$(cpu_busy)
  local ms
  ms=$(grep -o '[0-9.]* ms/step' "$log" | awk '{print $1}')
  awk -v i="$index" -v c="$condition" -v ms="$ms" -v b="$before" -v a="$after" -v s="$start" -v e="$end" \
    -v hz="$(getconf CLK_TCK)" -v own="$(awk '{print $1 + $2}' "$times")" \
    'BEGIN { printf "%d %s %s %.2f\n", i, c, ms, ((a - b) / hz - own) / (e - s) }' >>"$WORK/results"
  echo "  $condition: $label: $ms ms/step" >&2
}

: >"$WORK/results"
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  for i in "${!SETTINGS[@]}"; do run "$i" quiet; done
  for _ in $(seq 1 "$LOAD"); do
    sh -c 'while :; do :; done' &
    LOADERS+=($!)
  done
  for i in "${!SETTINGS[@]}"; do run "$i" loaded; done
  stop_load
done

# median and range per setting and condition
stats() { # stats INDEX CONDITION FIELD -> "median min max"
  awk -v i="$1" -v c="$2" -v f="$3" '$1 == i && $2 == c { print $f }' "$WORK/results" | sort -g |
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
last=$((${#SETTINGS[@]} - 1))
read -r ref_quiet _ _ <<<"$(stats "$last" quiet 3)"
read -r ref_loaded _ _ <<<"$(stats "$last" loaded 3)"

echo "# Training speed by native-thread setting, quiet and loaded"
echo
echo "\`grokwatch train\` (addition mod 97, the 1-layer Transformer, batch 512), $STEPS steps per run, ms per training"
echo "step as train reports it (median over the run's steps without an evaluation); each cell is the median of"
echo "$ROUNDS runs in fresh JVMs, min–max in brackets. Loaded: $LOAD busy-loop processes on the same $CORES-core machine."
echo "Ratios are against the new default in the same condition."
echo
echo "| setting | quiet ms/step | loaded ms/step | loaded / quiet | quiet vs default | loaded vs default |"
echo "|---|---:|---:|---:|---:|---:|"
for i in "${!SETTINGS[@]}"; do
  IFS='|' read -r label _ _ _ <<<"${SETTINGS[$i]}"
  read -r q qmin qmax <<<"$(stats "$i" quiet 3)"
  read -r l lmin lmax <<<"$(stats "$i" loaded 3)"
  awk -v label="$label" -v q="$q" -v qmin="$qmin" -v qmax="$qmax" -v l="$l" -v lmin="$lmin" -v lmax="$lmax" \
    -v rq="$ref_quiet" -v rl="$ref_loaded" 'BEGIN {
      printf "| %s | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %.1f× | %.2f× | %.2f× |\n",
        label, q, qmin, qmax, l, lmin, lmax, l / q, q / rq, l / rl }'
done
read -r bg bgmin bgmax <<<"$(awk '$2 == "quiet" { print $4 }' "$WORK/results" | sort -g |
  awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }')"
echo
echo "Machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(java -version 2>&1 | head -1)."
echo "Quiet-condition background: the rest of the machine used a median of $bg cores (min $bgmin, max $bgmax) during the"
echo "quiet runs; load average at the start: $LOADAVG_START."
echo
echo "Made with: \`STEPS=$STEPS ROUNDS=$ROUNDS LOAD=$LOAD${BEFORE_JAR:+ BEFORE_JAR=...} examples/bench-threads.sh > docs/bench/threads.md\` on $(date -u +%Y-%m-%d)."
