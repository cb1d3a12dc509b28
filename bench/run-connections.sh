#!/usr/bin/env bash
# Concurrent device connections one Anxin node holds, and what each costs in memory.
# For each level N: a fresh bench JVM runs the real stack (embedded PostgreSQL, gateway and platform,
# connection limits raised through ANXIN_MQTT_MAX_CONNECTIONS[_PER_SITE]), registers N devices with one
# INSERT ... generate_series, measures heap after GC and RSS, starts `device-sim load --hold` (the shaded
# jar, a JVM of its own) ramping to N connections, measures again once the count stops rising, and
# prints a RESULT line. Traffic stays on 127.0.0.x.
#
# Environment (defaults in brackets):
#   LEVELS ["1000 5000 19000"]  connection counts, one run each; capped at the open-file ceiling
#   CONNECT_RATE [1000]         new connections per second while ramping
#   LOCAL_ADDRESSES [127.0.0.2-127.0.0.5]  source addresses device-sim spreads connections over
#                               (one source address gives only ~28,000 ephemeral ports)
#   PLATFORM [1]                0 runs the gateway alone
#   BUILD [1]                   0 skips the Maven build
#   JAVA_OPTS [-Xmx2g]          options for the server (bench) JVM
#   SIM_JAVA_OPTS [-Xmx1g]      options for the device-sim JVM
#   SIM_TIMEOUT [120]           seconds device-sim waits for a CONNACK before it retries
#   MAX_RAMP [900]              seconds to wait for the connection count to stop rising
#   OUT_DIR [bench/target/connections-results]  full logs
#   ANXIN_DB_URL, ANXIN_DB_USER, ANXIN_DB_PASSWORD: as for the product (default: embedded PostgreSQL)
#
# Ceiling: every connection is one socket, i.e. one open file, in the server JVM and one in the
# device-sim JVM. `ulimit -Hn` bounds both; the script raises the soft limit to the hard one and
# caps each level at (hard limit - RESERVE) so the JVM keeps descriptors for its jars, epoll, the
# database pool and logs.
set -euo pipefail
cd "$(dirname "$0")/.."

LEVELS=${LEVELS:-"1000 5000 19000"}
CONNECT_RATE=${CONNECT_RATE:-1000}
LOCAL_ADDRESSES=${LOCAL_ADDRESSES-127.0.0.2-127.0.0.5}
PLATFORM=${PLATFORM:-1}
BUILD=${BUILD:-1}
JAVA_OPTS=${JAVA_OPTS:--Xmx2g}
SIM_JAVA_OPTS=${SIM_JAVA_OPTS:--Xmx1g}
OUT_DIR=${OUT_DIR:-bench/target/connections-results}
RESERVE=${RESERVE:-150}
BENCH_JAR=bench/target/anxin-bench.jar
SIM_JAR=device-sim/target/device-sim.jar

HARD=$(ulimit -Hn)
if [ "$HARD" = unlimited ]; then
  HARD=1048576
fi
ulimit -Sn "$HARD" 2>/dev/null || true
CEILING=$((HARD - RESERVE))
echo "open files: hard limit $HARD, soft now $(ulimit -Sn): one process holds at most ~$CEILING connections"
echo "  (the server JVM and the device-sim JVM each need one descriptor per connection;"
echo "   raising the hard limit needs root / CAP_SYS_RESOURCE, e.g. LimitNOFILE= in a systemd unit)"
echo "ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null | tr '\t' '-') per source address;" \
  "source addresses: ${LOCAL_ADDRESSES:-(the OS picks one)}"

if [ "$BUILD" = 1 ]; then
  echo "building: ./mvnw -q -DskipTests package -pl bench,device-sim -am"
  ./mvnw -q -o -DskipTests package -pl bench,device-sim -am 2>/dev/null \
    || ./mvnw -q -DskipTests package -pl bench,device-sim -am
fi
for jar in "$BENCH_JAR" "$SIM_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: build first (BUILD=1)"; exit 1; }
done
mkdir -p "$OUT_DIR"

results=()
for level in $LEVELS; do
  n=$level
  if [ "$n" -gt "$CEILING" ]; then
    echo "level $level is above the open-file ceiling: running $CEILING instead"
    n=$CEILING
  fi
  echo
  echo "=== $n connections ==="
  log="$OUT_DIR/connections-$n.log"
  DEVICES=$n CONNECT_RATE=$CONNECT_RATE LOCAL_ADDRESSES=$LOCAL_ADDRESSES PLATFORM=$PLATFORM \
    SIM_JAVA_OPTS=$SIM_JAVA_OPTS DEVICE_SIM_JAR=$SIM_JAR WORK_DIR=bench/target/connections-work \
    ANXIN_MQTT_MAX_CONNECTIONS=${ANXIN_MQTT_MAX_CONNECTIONS:-200000} \
    ANXIN_MQTT_MAX_CONNECTIONS_PER_SITE=${ANXIN_MQTT_MAX_CONNECTIONS_PER_SITE:-200000} \
    java $JAVA_OPTS -cp "$BENCH_JAR" cn.anxin.bench.ConnectionsBench 2>&1 | tee "$log"
  line=$(grep '^RESULT ' "$log" | tail -1 || true)
  results+=("${line:-RESULT devices=$n (failed, see $log)}")
done

echo
echo "=== concurrent connections (heap after GC, RSS of the server JVM; per connection = delta / held) ==="
printf '%-8s %-8s %-12s %-12s %-12s %-12s %-14s %-14s %-14s %s\n' devices held heap-before heap-with \
  rss-before rss-with heap/conn rss/conn sim-rss failed-by-reason
for r in "${results[@]}"; do
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$r"; }
  printf '%-8s %-8s %-12s %-12s %-12s %-12s %-14s %-14s %-14s %s\n' "$(get devices)" "$(get held)" \
    "$(get heapBeforeMiB) MiB" "$(get heapWithMiB) MiB" "$(get rssBeforeMiB) MiB" "$(get rssWithMiB) MiB" \
    "$(get heapPerConnKiB) KiB" "$(get rssPerConnKiB) KiB" "$(get simRssMiB) MiB" "$(get failed)"
done
