#!/usr/bin/env bash
# A real standalone Spark cluster on this machine (loopback only), from the jars of the project's build: a master and
# a worker started with `java -cp`, on a stand-in for a cluster's Spark installation (Spark 3.5.9 and its own
# dependencies, spark-installation.pom.xml, from the local Maven repository); then the same sweep three ways, timed:
# this machine's pool (--jobs 2), Spark local[2], and the standalone cluster, whose executor fetches
# grokwatch-spark.jar from the driver and trains each run from it. The runs' numbers must be the same every way
# (metrics.csv and summary.json but wall times).
#
# Needs: mvn -pl grokwatch-spark -am package -DskipTests (grokwatch-spark/target/grokwatch-spark.jar and target/lib).
# Usage: grokwatch-spark/scripts/standalone-check.sh [OUT_DIR]    (STEPS=1500 SEEDS=0-7 CORES=2 by default)
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
jar="$module/target/grokwatch-spark.jar"
[ -f "$jar" ] || { echo "no $jar; expected: mvn -pl grokwatch-spark -am package -DskipTests" >&2; exit 2; }
out="${1:-$(mktemp -d /tmp/grokwatch-standalone.XXXXXX)}"
steps="${STEPS:-1500}"; seeds="${SEEDS:-0-7}"; cores="${CORES:-2}"
master_port="${MASTER_PORT:-17077}"
mkdir -p "$out"

# The installation: the worker launches executors on SPARK_HOME/jars. Spark's own Java 17 flags (spark-launcher's
# JavaModuleOptions) for the master and worker; the driver's jar carries them in its manifest.
spark_home="$out/spark-home"
copy_jars=(-B -q -f "$module/scripts/spark-installation.pom.xml" dependency:copy-dependencies
  -DoutputDirectory="$spark_home/jars")
mvn -o "${copy_jars[@]}" > /dev/null 2>&1 || mvn "${copy_jars[@]}"
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED)
export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }

echo "== standalone Spark 3.5.9 on 127.0.0.1:$master_port: $(ls "$spark_home/jars" | wc -l) jars in SPARK_HOME/jars; $(getconf _NPROCESSORS_ONLN) cores"
t0=$(seconds)
java -cp "$spark_home/jars/*" "${opens[@]}" -Xmx512m org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port $((master_port + 1)) > "$out/master.log" 2>&1 &
pids+=($!)
java -cp "$spark_home/jars/*" "${opens[@]}" -Xmx512m org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores "$cores" --memory 4g --work-dir "$out/work" --webui-port $((master_port + 2)) \
  "spark://127.0.0.1:$master_port" > "$out/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do grep -q "Registering worker" "$out/master.log" 2>/dev/null && break; sleep 0.5; done
grep -q "Registering worker" "$out/master.log" || { echo "the worker did not register; see $out/master.log and $out/worker.log" >&2; exit 1; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "master and worker up in $(elapsed "$t0" "$(seconds)") s: $(grep -o 'Registering worker.*' "$out/master.log")"

sweep=(sweep --tasks add --seeds "$seeds" --steps "$steps" --eval-every 100)
run() { # name, then sweep options
  local name="$1"; shift
  local start; start=$(seconds)
  echo; echo "== $name: java -jar grokwatch-spark.jar ${sweep[*]} $* --out $out/$name"
  local code=0
  java -jar "$jar" "${sweep[@]}" "$@" --out "$out/$name" 2> "$out/$name.stderr" || code=$?
  echo "$name: exit code $code, wall time $(elapsed "$start" "$(seconds)") s (load average then: $(cut -d' ' -f1-3 /proc/loadavg))"
}
run local --jobs 2
run local2 --master 'local[2]'
run standalone --master "spark://127.0.0.1:$master_port"

echo; echo "== the executor's application jar, fetched from the driver (every run's classpath):"
find "$out/work" -name 'grokwatch-spark.jar' -printf '%p %s bytes\n'
echo "DL4J/ND4J jars in the executor's own classpath (SPARK_HOME/jars): $(ls "$spark_home/jars" | grep -cE 'deeplearning4j|nd4j' || true)"
echo "executor stderr, first Spark lines:"; find "$out/work" -name stderr -exec grep -m 3 -E "Fetching|Added JAR|Registered" {} \;

echo; echo "== the same numbers every way (metrics.csv but wall_ms, summary.json but wall times):"
strip_csv() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_ms") skip = i } { line = ""; for (i = 1; i <= NF; i++) if (i != skip) line = line $i ","; print line }' "$1"; }
strip_json() { grep -vE '"(wall_seconds|ms_per_step|entropy_ms_mean)"' "$1"; }
same=0; differ=0
for folder in "$out"/local/*/; do
  run_name="$(basename "$folder")"
  for other in local2 standalone; do
    if diff <(strip_csv "$folder/metrics.csv") <(strip_csv "$out/$other/$run_name/metrics.csv") > /dev/null \
       && diff <(strip_json "$folder/summary.json") <(strip_json "$out/$other/$run_name/summary.json") > /dev/null; then
      same=$((same + 1))
    else
      differ=$((differ + 1)); echo "DIFFERENT: $run_name in $other"
    fi
  done
done
echo "$same run folders identical to the local pool's, $differ different; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$differ" -eq 0 ]
