#!/usr/bin/env bash
# Rows per second the platform's journal consumer works off a backlog (JournalConsumer), per batch
# size, on the product's embedded PostgreSQL as shipped (fsync on), with where the time went.
# Usage: bench/run-consumer.sh [rows] [batch sizes] [cap s] [wall|journal clock]  (defaults 100000 100,500,1000 300 wall)
# Environment: BUILD [1] (0 skips the Maven build), JAVA_OPTS [-Xmx1g].
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/anxin-bench.jar
if [ "${BUILD:-1}" = 1 ]; then
  echo "building: ./mvnw -q -o -DskipTests package -pl bench -am"
  ./mvnw -q -o -DskipTests package -pl bench -am
fi
echo "before: $(uptime)"
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx1g} -cp "$JAR" cn.anxin.bench.store.ConsumerBench "$@"
echo "after: $(uptime)"
