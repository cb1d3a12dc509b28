#!/usr/bin/env bash
# Rows per second stored through the gateway's journal writer (JdbcEventJournal), one row per
# transaction ("unbatched", as before batching) against group commit ("batched" and variants), on
# the product's embedded PostgreSQL as shipped (fsync on). No MQTT: this measures the store alone.
# Usage: bench/run-store.sh [callers] [warm-up s] [measured s] [case,...]  (defaults 200 5 15, all)
# Environment: BUILD [1] (0 skips the Maven build), JAVA_OPTS [-Xmx1g].
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/anxin-bench.jar
if [ "${BUILD:-1}" = 1 ]; then
  echo "building: ./mvnw -q -DskipTests package"
  ./mvnw -q -DskipTests package
fi
echo "before: $(uptime)"
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx1g} -cp "$JAR" cn.anxin.bench.store.JournalWriteBench "$@"
echo "after: $(uptime)"
