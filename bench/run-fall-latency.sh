#!/usr/bin/env bash
# Fall PUBLISH -> staff console: the whole stack in one JVM on a fresh embedded PostgreSQL, a staff
# member's console stream (SSE) open, background heartbeats at QoS 1, falls from other radars; the
# time from the publish call to the stream's "provisional" event (safety lane) and to its "alert"
# event (stored alert), p50/p90/p99/max. One fresh JVM per background rate. Traffic stays on
# 127.0.0.1. Prints figures; never fails on a timing.
#
# Environment (defaults in brackets):
#   RATES ["0 1000"]        background heartbeats per second (all publishers together), one case each
#   BG_DEVICES [50]         heartbeat publishers
#   FALL_DEVICES [20]       fall radars (one elder each, all at the staff member's site)
#   FALL_RATE [5]           falls per second, all radars together
#   WARMUP [15]             seconds of load and falls before measuring
#   DURATION [45]           measured seconds
#   DRAIN [30]              seconds to wait for the last stored alerts after the load stops
#   BUILD [1]               0 skips the Maven build
#   JAVA_OPTS [-Xmx2g]      options for the bench JVM
#   OUT_DIR [bench/target/fall-latency-results]  full logs of each case
set -euo pipefail
cd "$(dirname "$0")/.."

RATES=${RATES:-"0 1000"}
BG_DEVICES=${BG_DEVICES:-50}
FALL_DEVICES=${FALL_DEVICES:-20}
FALL_RATE=${FALL_RATE:-5}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-45}
DRAIN=${DRAIN:-30}
BUILD=${BUILD:-1}
JAVA_OPTS=${JAVA_OPTS:--Xmx2g}
OUT_DIR=${OUT_DIR:-bench/target/fall-latency-results}
JAR=bench/target/anxin-bench.jar

if [ "$BUILD" = 1 ]; then
  echo "building: ./mvnw -q -DskipTests package -pl bench -am"
  ./mvnw -q -DskipTests package -pl bench -am
fi
[ -f "$JAR" ] || { echo "missing $JAR: build first (BUILD=1)"; exit 1; }
mkdir -p "$OUT_DIR"
results="$OUT_DIR/results.tsv"
: > "$results"
limit=$((WARMUP + DURATION + DRAIN + 480))
for rate in $RATES; do
  log="$OUT_DIR/background-$rate.log"
  echo
  echo "=== background $rate msg/s (load average: $(cut -d' ' -f1-3 /proc/loadavg)) -> $log"
  # shellcheck disable=SC2086
  if ! timeout "$limit" java $JAVA_OPTS -cp "$JAR" cn.anxin.bench.FallLatencyBench \
      --background-devices "$BG_DEVICES" --background-rate "$rate" --fall-devices "$FALL_DEVICES" \
      --fall-rate "$FALL_RATE" --warmup "$WARMUP" --duration "$DURATION" --drain "$DRAIN" > "$log" 2>&1; then
    echo "case background=$rate did not finish cleanly; see $log"
  fi
  grep -E '^(machine|load|background): ' "$log" || true
  sed -n '/^=== Fall/,/^missing/p' "$log" || true
  grep '^RESULT' "$log" | sed 's/^RESULT\t//' >> "$results" || true
done

echo
echo "=== Fall PUBLISH -> console, $FALL_RATE falls/s, warm-up ${WARMUP}s, measured ${DURATION}s (noisy shared machine)"
awk -F'\t' '
  BEGIN { printf "%-12s %12s %12s %12s %14s %14s %14s\n", "background", "lane p50", "lane p99", "lane max",
    "stored p50", "stored p99", "stored max" }
  { delete f; for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    printf "%-12s %12s %12s %12s %14s %14s %14s\n", f["background"] " msg/s", f["lane_p50"], f["lane_p99"],
      f["lane_max"], f["stored_p50"], f["stored_p99"], f["stored_max"] }
  END { print "(ms, from the publish call to the SSE event: lane = provisional, stored = the stored alert)" }' "$results"
