#!/usr/bin/env bash
# Sustained QoS 1 ingest: the Anxin gateway (PUBACK after the PostgreSQL commit) against Mosquitto
# pass-through (PUBACK with no storage), each with max in-flight 1000 and 20 per publisher, the
# publishers being mosquitto_pub processes (C, one per device, fed lines on stdin) and the rate
# counted on the receiving side (Anxin: rows committed in device_event; Mosquitto: its $SYS count
# of PUBLISHes received). Builds what it needs, runs each case in a fresh JVM, prints a table and
# writes bench/target/ingest/summary.tsv (see docs/BENCHMARKS.md). Traffic stays on 127.0.0.1.
#
# Environment (defaults in brackets):
#   PUBLISHERS [mosquitto_pub]  mosquitto_pub, or paho (Paho clients in the bench JVM, counted by
#                        their PUBACKs, with PUBACK latency: the method before mosquitto_pub)
#   WARMUP [20]          warm-up seconds per case, discarded
#   DURATION [30]        measured seconds per case
#   DEVICES [20]         publishers (MQTT connections, one device each)
#   INFLIGHTS ["1000 20"] max in-flight QoS 1 messages per publisher, one case each
#   CASES ["anxin mosquitto"] targets to run at each M: anxin, mosquitto,
#                        anxin-product-limits (the gateway's per-device rate limit kept, 20/s)
#   FALL_EVERY [20]      mosquitto_pub: every n-th publisher sends falls (one topic per process);
#                        paho: every n-th message of a device is a fall; the rest heartbeats
#   CATCH_UP [10]        seconds to watch the platform work off its backlog after each Anxin case
#   BUILD [1]            0 skips the Maven build
#   JAVA_OPTS [-Xmx2g]   options for the bench JVM
#   MOSQUITTO            mosquitto executable [found on PATH or /usr/sbin/mosquitto]
#   OUT_DIR [bench/target/ingest]  full logs of each case, results.tsv, summary.tsv
#   ANXIN_DB_URL, ANXIN_DB_USER, ANXIN_DB_PASSWORD, ANXIN_DB_POOL_SIZE: as for the product
#   MOSQUITTO_PUB        mosquitto_pub executable [found on PATH]
# Default run: about 5 minutes (build, 2 Anxin cases of ~75 s, 2 Mosquitto cases of ~55 s).
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-20}
DURATION=${DURATION:-30}
DEVICES=${DEVICES:-20}
INFLIGHTS=${INFLIGHTS:-"1000 20"}
PUBLISHERS=${PUBLISHERS:-mosquitto_pub}
CASES=${CASES:-"anxin mosquitto"}
FALL_EVERY=${FALL_EVERY:-20}
CATCH_UP=${CATCH_UP:-10}
BUILD=${BUILD:-1}
JAVA_OPTS=${JAVA_OPTS:--Xmx2g}
OUT_DIR=${OUT_DIR:-bench/target/ingest}
MOSQUITTO_PUB=${MOSQUITTO_PUB:-$(command -v mosquitto_pub || true)}
case "$PUBLISHERS" in
  mosquitto_pub|paho) ;;
  *) echo "PUBLISHERS must be mosquitto_pub or paho, not '$PUBLISHERS'"; exit 2 ;;
esac
if [ "$PUBLISHERS" = mosquitto_pub ] && [ -z "$MOSQUITTO_PUB" ]; then
  echo "mosquitto_pub is missing (Debian package 'mosquitto-clients'): apt-get install mosquitto-clients,"
  echo "or PUBLISHERS=paho for the in-JVM publishers"
  exit 1
fi
JAR=bench/target/anxin-bench.jar

# Mosquitto for the baseline: Debian's package, installed when missing and we may.
MOSQUITTO=${MOSQUITTO:-$(command -v mosquitto || true)}
if [ -z "$MOSQUITTO" ] && [ -x /usr/sbin/mosquitto ]; then
  MOSQUITTO=/usr/sbin/mosquitto
fi
if [ -z "$MOSQUITTO" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "mosquitto is missing: installing it with apt-get (the Debian package 'mosquitto')"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mosquitto
    MOSQUITTO=/usr/sbin/mosquitto
  else
    echo "mosquitto is missing and cannot be installed here (needs root and apt-get):"
    echo "  apt-get install mosquitto   -- the Mosquitto baseline cases are SKIPPED"
  fi
fi

if [ "$BUILD" = 1 ]; then
  echo "building: ./mvnw -q -DskipTests package"
  ./mvnw -q -DskipTests package
fi
[ -f "$JAR" ] || { echo "missing $JAR: build first (BUILD=1)"; exit 1; }
mkdir -p "$OUT_DIR"

cases=()
for m in $INFLIGHTS; do
  for t in $CASES; do
    case "$t" in
      anxin|anxin-product-limits) cases+=("$t $m") ;;
      mosquitto) [ -n "$MOSQUITTO" ] && cases+=("$t $m") ;;
      *) echo "unknown case '$t' in CASES (anxin, mosquitto, anxin-product-limits)"
         exit 2 ;;
    esac
  done
done

results="$OUT_DIR/results.tsv"
summary="$OUT_DIR/summary.tsv"
: > "$results"
: > "$summary"
limit=$((WARMUP + DURATION + CATCH_UP + 240))
started=$(date +%s)
for c in "${cases[@]}"; do
  read -r name m <<< "$c"
  args=(--devices "$DEVICES" --inflight "$m" --warmup "$WARMUP" --duration "$DURATION"
        --fall-every "$FALL_EVERY" --catch-up "$CATCH_UP" --publishers "$PUBLISHERS"
        --summary "$summary")
  if [ "$PUBLISHERS" = mosquitto_pub ]; then
    args+=(--mosquitto-pub "$MOSQUITTO_PUB" --publisher-logs "$OUT_DIR/publishers-$name-m$m")
  fi
  case "$name" in
    anxin) args+=(--target anxin) ;;
    anxin-product-limits) args+=(--target anxin --product-limits) ;;
    mosquitto) args+=(--target mosquitto --mosquitto "$MOSQUITTO") ;;
  esac
  log="$OUT_DIR/$name-m$m.log"
  echo
  echo "=== case $name, max in-flight $m (load average: $(cut -d' ' -f1-3 /proc/loadavg)) -> $log"
  # shellcheck disable=SC2086
  if ! timeout "$limit" java $JAVA_OPTS -jar "$JAR" "${args[@]}" > "$log" 2>&1; then
    echo "case $name M=$m did not finish cleanly; see $log"
  fi
  grep -E '^(machine|target): ' "$log" | grep -v -E 'target: (Anxin stack|config)' || true
  # The summary, without the product's log lines and stack traces (they stay in the log): Vert.x
  # warns about the JournalConsumer's never-ending drain task, and the shutdown cuts it off.
  sed -n '/^--- /,$p' "$log" \
    | grep -v -E '^[[:space:]]+at |^Caused by|^[[:space:]]*\.\.\. [0-9]+ (more|common)|^RESULT|^[0-9:.]+ (WARN|ERROR|INFO) |Exception' \
    || true
  grep '^RESULT' "$log" | sed 's/^RESULT\t//' >> "$results" || true
done

echo
echo "=== Sustained QoS 1 ingest, $DEVICES $PUBLISHERS publishers, warm-up ${WARMUP}s, measured ${DURATION}s ($(( $(date +%s) - started ))s of runs)"
awk -F'\t' -v summary="$summary" -v devices="$DEVICES" -v pubs="$PUBLISHERS" '
  function v(x) { return (x == "") ? "-" : x }
  { delete f; for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    n++; t[n] = f["target"]; m[n] = f["inflight"]; r[n] = f["rate"]; p50[n] = f["p50_ms"];
    p99[n] = f["p99_ms"]; st[n] = f["storage"];
    cpu[n] = f["server_cpu_us_per_msg"]; lcpu[n] = f["load_cpu_us_per_msg"]; oth[n] = f["other_cores"];
    if (f["target"] == "mosquitto") { base[f["inflight"]] = f["rate"]; basecpu[f["inflight"]] = f["server_cpu_us_per_msg"] } }
  END {
    printf "%-22s %6s %9s %9s %10s %10s %9s %9s %9s %9s\n", "target", "M", "msg/s", "storage",
      "srv µs/msg", "pub µs/msg", "others", "vs mosq.", "p50 ms", "p99 ms"
    for (i = 1; i <= n; i++) {
      ratio = (t[i] != "mosquitto" && base[m[i]] > 0) ? sprintf("%.2f", r[i] / base[m[i]]) : "-"
      printf "%-22s %6s %9s %9s %10s %10s %9s %9s %9s %9s\n", t[i], m[i], r[i], st[i], cpu[i],
        lcpu[i], oth[i], ratio, v(p50[i]), v(p99[i])
      if (pubs == "paho") {
        printf "ingest\t%s M=%s\tmsg_per_s\t%s\tmsg/s\t%s paho publishers\n", t[i], m[i], r[i], devices >> summary
      }
      if (ratio != "-") {
        printf "ingest\t%s/mosquitto M=%s\tratio\t%s\tx\t%s %s publishers; aim: 2.0 or more\n",
          t[i], m[i], ratio, devices, pubs >> summary
      }
    }
    print ""
    if (pubs == "mosquitto_pub") {
      print "msg/s: messages the target took in over the measured window, counted on its side (Anxin:"
      print "heartbeat and fall rows committed in device_event; Mosquitto: its $SYS count of PUBLISHes"
      print "received, least-squares slope); storage: rows = every line fed to the publishers, after"
      print "they drained and exited (OK) or not (MISMATCH); pub µs/msg: mosquitto_pub processes and"
      print "their feeders; no PUBACK latency (mosquitto_pub does not report it: p50/p99 \"-\")."
    } else {
      print "msg/s: PUBACKs per second over the measured window; latency: publish call -> PUBACK;"
      print "storage: device_event rows = PUBACKs received (OK) or not (MISMATCH); pub µs/msg: Paho."
    }
    print "srv µs/msg: CPU of the serving side per message (Anxin: its JVM without the publishers,"
    print "plus PostgreSQL; baseline: Mosquitto); others: cores used meanwhile by everything else on"
    print "the machine; vs mosq.: msg/s of the case over Mosquitto at the same M."
  }' "$results"
echo "summary: $summary"
