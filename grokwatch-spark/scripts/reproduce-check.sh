#!/usr/bin/env bash
# reproduce --master local[2] against reproduce on this machine's pool: on a copy of docs/reproduction without the
# seed-2 baseline and its norm-matched run, each way trains exactly those two (E4's other runs are finished, skipped;
# the norm-matched run needs the baseline's metrics.csv, which the Spark task ships). Every file of the two run
# folders must be the same both ways (the csvs but wall_ms, summary.json but wall times). About 15-30 min on 2 cores.
#
# Needs: mvn -pl grokwatch-spark -am package -DskipTests.   Usage: grokwatch-spark/scripts/reproduce-check.sh [WORK_DIR]
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
jar="$module/target/grokwatch-spark.jar"
[ -f "$jar" ] || { echo "no $jar; expected: mvn -pl grokwatch-spark -am package -DskipTests" >&2; exit 2; }
w="${1:-$(mktemp -d /tmp/grokwatch-reproduce-check.XXXXXX)}"
rm -rf "$w/docs"; mkdir -p "$w/docs"; cp -r "$module/../docs/reproduction" "$w/docs/"
cd "$w"
runs=(runs/baseline/add97-transformer-seed2 runs/norm-matched/add97-transformer-seed2-normctl)
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'; }
for way in local spark; do
  for r in "${runs[@]}"; do rm -rf "docs/reproduction/$r"; done
  args=(reproduce --experiments E4 --out docs/reproduction)
  if [ "$way" = spark ]; then args+=(--master 'local[2]'); else args+=(--jobs 2); fi
  echo "== $way: java -jar grokwatch-spark.jar ${args[*]}   (without ${runs[*]})"
  start=$(date +%s.%N)
  java -jar "$jar" "${args[@]}" 2> "$w/$way.stderr" || true
  echo "$way: wall time $(elapsed "$start") s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  for r in "${runs[@]}"; do mkdir -p "$w/$way/$(dirname "$r")"; rm -rf "${w:?}/$way/$r"; cp -r "docs/reproduction/$r" "$w/$way/$r"; done
  echo
done
strip_csv() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_ms") skip = i } { line = ""; for (i = 1; i <= NF; i++) if (i != skip) line = line $i ","; print line }' "$1"; }
strip_json() { grep -vE '"(wall_seconds|ms_per_step|entropy_ms_mean)"' "$1"; }
echo "== local against spark (every file of the two run folders but train.log and entropy.png):"
differ=0
for r in "${runs[@]}"; do
  for f in "$w/local/$r"/*; do
    name=$(basename "$f"); other="$w/spark/$r/$name"
    case "$name" in
      train.log|entropy.png) continue ;;
      *.csv) diff <(strip_csv "$f") <(strip_csv "$other") > /dev/null && s=same || s=DIFFERENT ;;
      summary.json) diff <(strip_json "$f") <(strip_json "$other") > /dev/null && s=same || s=DIFFERENT ;;
      *) cmp -s "$f" "$other" && s=same || s=DIFFERENT ;;
    esac
    [ "$s" = same ] || differ=$((differ + 1))
    echo "$r/$name: $s"
  done
done
grep norm_control "$w/spark/runs/norm-matched/add97-transformer-seed2-normctl/summary.json"
[ "$differ" -eq 0 ]
