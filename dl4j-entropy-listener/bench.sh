#!/usr/bin/env bash
# Runs the JMH benchmarks of the listener module (one evaluation at n = 512, d = 128).
# Usage: dl4j-entropy-listener/bench.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -f ../pom.xml -pl dl4j-entropy-listener test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}" java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    org.openjdk.jmh.Main SpectralEntropyBenchmark "$@"
