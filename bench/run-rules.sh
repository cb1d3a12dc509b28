#!/usr/bin/env bash
# Events per second through the rule step (RuleEngine.onEvent with its journal look-backs) against
# the product's embedded PostgreSQL: JMH RuleStepBenchmark (bench/src/main/java/cn/anxin/bench/rules),
# then the figures. Default: 2 forks x (2 x 8 s warm-up + 3 x 8 s measurement) for each of the
# throughput and latency (sampled time per event) benchmarks, about 4 minutes with the build.
# Pass JMH options to change that, e.g.  bench/run-rules.sh -f 1 -i 5   or   bench/run-rules.sh -p elders=500
# Environment: BUILD [1] (0 skips the Maven build), OUT [bench/target/rules-jmh.json] (JMH's JSON result).
# Also leaves the figures in bench/target/rules/summary.tsv (for bench/run-all.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/target/rules-jmh.json}
JAR=bench/target/anxin-bench.jar
if [ "${BUILD:-1}" = 1 ]; then
  echo "building: ./mvnw -q -DskipTests package"
  ./mvnw -q -DskipTests package
fi
mkdir -p "$(dirname "$OUT")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
  "$(java -version 2>&1 | head -1)"
echo "before: $(uptime)"
java -cp "$JAR" org.openjdk.jmh.Main RuleStepBenchmark -rf json -rff "$OUT" "$@"
echo "after: $(uptime)"
java -cp "$JAR" cn.anxin.bench.rules.RuleBenchReport "$OUT"
mkdir -p bench/target/rules
java -cp "$JAR" cn.anxin.bench.JmhSummary "$OUT" rules bench/target/rules/summary.tsv
