#!/usr/bin/env bash
# Training speed of `grokwatch train` by native-thread setting, on a quiet machine and under a competing
# CPU load, as a Markdown table on standard output (docs/bench/threads.md was made with it).
#
#   examples/bench-threads.sh [JAR] > docs/bench/threads.md
#
# JAR defaults to examples/target/grokwatch.jar (build it first: mvn -B -q -DskipTests package).
# Environment: STEPS (training steps per run, default 200), ROUNDS (runs per setting and condition,
# default 3), LOAD (busy-loop processes of the loaded condition, default: one per core), BEFORE_JAR (a jar
# built before --threads existed, added as its own row), QUIET (cores of other load below which the machine
# counts as quiet, default 0.2) and QUIET_WAIT (seconds to wait for that before each run, default 1200).
#
# Each run is `train --steps STEPS --stop none --eval-every STEPS` in a fresh JVM; its figure is train's own
# ms/step: the median wall time of a training step, steps with an evaluation left out. Every round runs each
# setting once quiet, then starts LOAD busy loops (sh -c 'while :; do :; done', unpinned, normal priority: other
# work on a laptop) and runs each setting again; the order of the settings rotates from round to round.
# Before each run the script waits until the rest of the machine is quiet (a shared machine); "background" is
# the CPU that other processes than the run and the busy loops used during a run, from /proc/stat, in cores.
set -euo pipefail

JAR=${1:-examples/target/grokwatch.jar}
STEPS=${STEPS:-200}
ROUNDS=${ROUNDS:-3}
CORES=$(nproc)
LOAD=${LOAD:-$CORES}
WORK=$(mktemp -d)
LOADERS=()

QUIET=${QUIET:-0.2}
QUIET_WAIT=${QUIET_WAIT:-1200}
RUN_PID=
NOT_QUIET=0

stop_load() {
  for pid in "${LOADERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${LOADERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  LOADERS=()
}
# the run in progress (java under /usr/bin/time) and the busy loops end with the script
cleanup() {
  if [[ -n "$RUN_PID" ]]; then pkill -P "$RUN_PID" 2>/dev/null || true; fi
  stop_load
  rm -rf "$WORK"
}
trap cleanup EXIT

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

HZ=$(getconf CLK_TCK)
cpu_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
# CPU ticks the busy loops have used so far
load_ticks() {
  local total=0 pid
  for pid in "${LOADERS[@]}"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

# Waits (at most QUIET_WAIT seconds) until processes other than the busy loops use less than QUIET cores.
wait_quiet() {
  local waited=0 b0 l0 b1 l1
  while ((waited < QUIET_WAIT)); do
    b0=$(cpu_busy); l0=$(load_ticks); sleep 3; b1=$(cpu_busy); l1=$(load_ticks)
    if awk -v b="$((b1 - b0 - (l1 - l0)))" -v hz="$HZ" -v q="$QUIET" 'BEGIN { exit !(b / hz / 3 < q) }'; then
      return
    fi
    waited=$((waited + 3))
  done
  echo "  the machine did not get quiet in ${QUIET_WAIT} s; running anyway" >&2
  NOT_QUIET=$((NOT_QUIET + 1))
}

# run LABEL_INDEX CONDITION: appends "index condition ms_per_step background_cores" to $WORK/results
run() {
  local index=$1 condition=$2
  IFS='|' read -r label jar environment options <<<"${SETTINGS[$index]}"
  local out="$WORK/run" log="$WORK/log" times="$WORK/time"
  local before after loads_before loads_after start end
  wait_quiet
  before=$(cpu_busy)
  loads_before=$(load_ticks)
  start=$(date +%s.%N)
  # shellcheck disable=SC2086 # environment and options are word lists
  env -u OMP_NUM_THREADS -u OMP_WAIT_POLICY $environment /usr/bin/time -f "%U %S" -o "$times" \
    java -jar "$jar" train --steps "$STEPS" --stop none --eval-every "$STEPS" --out "$out" $options \
    >"$log" 2>&1 &
  RUN_PID=$!
  wait "$RUN_PID" || { echo "run failed: $label ($condition)" >&2; cat "$log" >&2; exit 1; }
  RUN_PID=
  end=$(date +%s.%N)
  after=$(cpu_busy)
  loads_after=$(load_ticks)
  local ms
  ms=$(grep -o '[0-9.]* ms/step' "$log" | awk '{print $1}')
  awk -v i="$index" -v c="$condition" -v ms="$ms" -v b="$before" -v a="$after" -v s="$start" -v e="$end" \
    -v hz="$HZ" -v own="$(awk '{print $1 + $2}' "$times")" -v loads="$((loads_after - loads_before))" \
    'BEGIN { printf "%d %s %s %.2f\n", i, c, ms, ((a - b - loads) / hz - own) / (e - s) }' >>"$WORK/results"
  echo "  $condition: $label: $ms ms/step" >&2
}

: >"$WORK/results"
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
N=${#SETTINGS[@]}
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  for k in $(seq 0 $((N - 1))); do run $(((k + round - 1) % N)) quiet; done
  wait_quiet
  for _ in $(seq 1 "$LOAD"); do
    sh -c 'while :; do :; done' &
    LOADERS+=($!)
  done
  for k in $(seq 0 $((N - 1))); do run $(((k + round - 1) % N)) loaded; done
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
background() { # background CONDITION -> "median min max" over all settings
  awk -v c="$1" '$2 == c { print $4 }' "$WORK/results" | sort -g |
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
read -r bg bgmin bgmax <<<"$(background quiet)"
read -r lbg lbgmin lbgmax <<<"$(background loaded)"
echo
echo "Machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(java -version 2>&1 | head -1)."
echo "Background (CPU of processes other than the run and the busy loops, in cores): quiet runs median $bg (min $bgmin,"
echo "max $bgmax), loaded runs median $lbg (min $lbgmin, max $lbgmax). Each run waited for less than $QUIET cores of it"
echo "before it started; $NOT_QUIET of $((2 * ROUNDS * ${#SETTINGS[@]})) waited ${QUIET_WAIT} s in vain. Load average at the start: $LOADAVG_START."
echo
echo "Made with: \`STEPS=$STEPS ROUNDS=$ROUNDS LOAD=$LOAD QUIET=$QUIET QUIET_WAIT=$QUIET_WAIT${BEFORE_JAR:+ BEFORE_JAR=...} examples/bench-threads.sh > docs/bench/threads.md\` on $(date -u +%Y-%m-%d)."
