#!/usr/bin/env bash
# The whole benchmark harness in one run on one machine, in order, each part with its own warm-up:
#   1. ingest        bench/run-ingest.sh        QoS 1 ingest, Anxin vs Mosquitto, mosquitto_pub publishers
#   2. fall-latency  bench/run-fall-latency.sh  fall PUBLISH -> alert on the console's live channel
#   3. connections   bench/run-connections.sh   most concurrent device connections, memory each
#   4. jmh           bench/run-jmh.sh           PayloadDecoder.decode (JMH)
#   5. rules         bench/run-rules.sh         the rule step (JMH)
# then one table of the headline figures, read from each part's bench/target/<part>/summary.tsv
# (format: docs/BENCHMARKS.md, "Summary files"). A part whose script is absent is skipped with a
# message; a part that fails is reported and the run goes on. Figures only: this never fails on a
# timing. Default run: about 20-25 minutes on 2 cores (ingest ~6, JMH ~4, plus parts 2 and 3).
#
# Environment (defaults in brackets):
#   PARTS ["ingest fall-latency connections jmh rules"]  parts to run, in this order
#   QUICK [0]    1: a short run (~8 min without parts 2 and 3): ingest WARMUP=10 DURATION=15,
#                JMH 1 fork x 2 x 1 s warm-up + 3 x 1 s; the parts' own variables still override
#   BUILD [1]    0 skips the Maven build (done once here; the parts are run with BUILD=0)
#   JMH_OPTS     JMH options for both JMH parts [-f 1 -wi 2 -w 2s -i 3 -r 2s; QUICK: -f 1 -wi 2 -w 1s -i 3 -r 1s]
#   Each part's own variables (WARMUP, DURATION, INFLIGHTS, ... for ingest) pass through.
set -uo pipefail
cd "$(dirname "$0")/.."

PARTS=${PARTS:-"ingest fall-latency connections jmh rules"}
QUICK=${QUICK:-0}
BUILD=${BUILD:-1}
if [ "$QUICK" = 1 ]; then
  export WARMUP=${WARMUP:-10} DURATION=${DURATION:-15} CATCH_UP=${CATCH_UP:-0}
  JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 2 -w 1s -i 3 -r 1s"}
else
  JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 2 -w 2s -i 3 -r 2s"}
fi
TARGET=bench/target
mkdir -p "$TARGET"

echo "=== Anxin benchmarks: $(date -u +%FT%TZ), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo);" \
  "$(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$BUILD" = 1 ]; then
  echo "building: ./mvnw -q -DskipTests package"
  ./mvnw -q -DskipTests package || { echo "build failed"; exit 1; }
fi
export BUILD=0

declare -A status
started=$(date +%s)
for part in $PARTS; do
  script="bench/run-$part.sh"
  args=()
  case "$part" in
    ingest|fall-latency|connections) ;;
    jmh|rules) read -r -a args <<< "$JMH_OPTS" ;;
    *) echo "unknown part '$part' (ingest, fall-latency, connections, jmh, rules)"; exit 2 ;;
  esac
  if [ ! -f "$script" ]; then
    echo
    echo "=== $part: SKIPPED, $script is not there"
    status[$part]="skipped (no $script)"
    continue
  fi
  echo
  echo "=== $part: $script ${args[*]} (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -f "$TARGET/$part/summary.tsv"
  t0=$(date +%s)
  if bash "$script" "${args[@]}"; then
    status[$part]="ran in $(( $(date +%s) - t0 )) s"
  else
    status[$part]="FAILED (exit $?) after $(( $(date +%s) - t0 )) s"
  fi
done

echo
echo "=== Summary ($(( $(date +%s) - started )) s; shared 2-core machine: figures are noisy, compare runs made together)"
printf '%-13s %-44s %-20s %10s %-6s %s\n' part case metric value unit note
for part in $PARTS; do
  file="$TARGET/$part/summary.tsv"
  if [ -s "$file" ]; then
    tail -n +2 "$file" | awk -F'\t' '{ printf "%-13s %-44s %-20s %10s %-6s %s\n", $1, $2, $3, $4, $5, $6 }'
  else
    printf '%-13s %s\n' "$part" "${status[$part]:-not run}: no $file"
  fi
done
echo
for part in $PARTS; do
  echo "$part: ${status[$part]:-not run}"
done
