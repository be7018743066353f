#!/usr/bin/env bash
# Regenerates every output the README shows, from the current code, and splices each into the README
# block marked <!-- output: NAME --> (ReadmeOutputsTest checks that README and docs/outputs/NAME.txt agree).
#
#   docs/readme-outputs.sh            # all of them (about 20 minutes on 2 cores)
#   docs/readme-outputs.sh quickstart # only the named ones: train sweep quickstart calibrate verdict bench
#
# Needs the built jar (mvn -B -q -DskipTests package). Runs with one native thread, as the README's
# figures are quoted.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=examples/target/grokwatch.jar
OUT=docs/outputs
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
mkdir -p "$OUT"
[ -f "$JAR" ] || { echo "no $JAR: build it first with mvn -B -q -DskipTests package" >&2; exit 1; }
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(train sweep quickstart calibrate verdict bench)

run_train() {   # the paper's setting, seed 0: the run of the README's first picture and its last lines
  java -jar "$JAR" train --out "$WORK/train" > "$WORK/train.out" 2>&1   # events go to stderr, the summary to stdout
  grep -v -e '^step [0-9,]*/' -e '^  wrote ' "$WORK/train.out" | tail -n 7 > "$OUT/train.txt"
  cp "$WORK/train/entropy.png" docs/entropy-add97-seed0.png
}

run_sweep() {   # two seeds that grok within 9,000 steps, their table and the aligned overlay
  java -jar "$JAR" sweep --tasks add --seeds 0-1 --steps 9000 --out "$WORK/grok" > "$WORK/sweep.out"
  sed "s|$WORK/|runs/|g" "$WORK/sweep.out" > "$OUT/sweep.txt"
  python3 - "$WORK/grok/sweep.csv" > "$OUT/sweep-csv.txt" <<'PY'
import csv, sys
shown = ["run", "seed", "memorised_step", "collapse_onset_step", "threshold", "threshold_cross_step", "grok_step",
         "lead_steps", "min_entropy"]
rows = list(csv.DictReader(open(sys.argv[1])))
print(",".join(shown))
for r in rows:
    print(",".join(r[c] for c in shown))
PY
  java -jar "$JAR" plot "$WORK"/grok/add97-* --out docs/overlay-aligned.png --align-grok > "$WORK/plot.out"
}

run_quickstart() {
  java -cp "$JAR" dev.grokwatch.examples.demo.QuickStart 1500 > "$OUT/quickstart.txt"
}

run_calibrate() {   # the ten committed seeds of the default setting (docs/runs); per-run errors and Table 2 left out
  java -jar "$JAR" calibrate docs/runs/add97-transformer-seeds0-9 --out "$WORK/calibration.json" \
    | sed "s|$WORK/||g" | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("Per held-out run"))
end = next(i for i, l in enumerate(lines) if l.startswith("wrote "))
print("\n".join(lines[:start] + ["...", ""] + lines[end:]).rstrip("\n"))' > "$OUT/calibrate.txt"
}

run_verdict() {   # the verdicts on the committed runs that grokked and those that did not: only that section
  java -jar "$JAR" calibrate --allow-mixed docs/runs/add97-transformer-seeds0-9 docs/runs/add97-transformer-wd0 \
      docs/runs/add97-transformer-frac0.1 docs/runs/add97-transformer-lr1e-4 --out "$WORK/verdict.json" \
    | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("Will it grok?"))
end = next(i for i, l in enumerate(lines) if l.startswith("wrote "))
print("\n".join(lines[start:end]).rstrip("\n"))' > "$OUT/verdict.txt"
}

run_bench() {
  # without ND4J's own "Added differentiated op" registration lines
  java -jar "$JAR" bench --out "$WORK/bench.json" | grep -v '^Added differentiated op' | sed "s|$WORK/||g" > "$OUT/bench.txt"
}

for name in "${wanted[@]}"; do
  echo "== $name" >&2
  "run_$name"
done

# Splice: the fenced block after each <!-- output: NAME --> marker becomes docs/outputs/NAME.txt.
python3 - README.md "$OUT" <<'PY'
import os, re, sys
readme, out = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
def block(m):
    path = os.path.join(out, m.group(1) + ".txt")
    body = open(path, encoding="utf-8").read().rstrip("\n")
    return m.group(0)[:m.start(2) - m.start(0)] + body + "\n```"
text = re.sub(r"<!-- output: ([\w-]+) -->\n```[^\n]*\n(.*?)\n```", block, text, flags=re.S)
open(readme, "w", encoding="utf-8").write(text)
PY
echo "README.md updated from $OUT" >&2
