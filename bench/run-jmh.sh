#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's per-message code (bench/src/main/java/cn/anxin/bench/jmh).
# Brief by default (1 fork, 3 x 2 s warm-up, 5 x 2 s measurement, about 1 minute); pass JMH options
# to change that, e.g.  bench/run-jmh.sh -f 3 -wi 5 -i 10   or   bench/run-jmh.sh -prof gc
# Environment: BUILD [1] (0 skips the Maven build), BENCHMARKS [PayloadDecoderBenchmark] (a regex).
# Leaves JMH's JSON in bench/target/jmh/jmh.json and the figures in bench/target/jmh/summary.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BUILD:-1}" = 1 ]; then
  echo "building: ./mvnw -q -DskipTests package"
  ./mvnw -q -DskipTests package
fi
mkdir -p bench/target/jmh
java -cp bench/target/anxin-bench.jar org.openjdk.jmh.Main "${BENCHMARKS:-PayloadDecoderBenchmark}" \
  -rf json -rff bench/target/jmh/jmh.json "$@"
java -cp bench/target/anxin-bench.jar cn.anxin.bench.JmhSummary bench/target/jmh/jmh.json jmh \
  bench/target/jmh/summary.tsv
