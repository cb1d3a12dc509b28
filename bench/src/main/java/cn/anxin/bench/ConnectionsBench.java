package cn.anxin.bench;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.gateway.mqtt.GatewayLimits;
import cn.anxin.gateway.mqtt.GatewayOptions;
import cn.anxin.platform.launch.Stack;
import cn.anxin.platform.launch.StackOptions;
import cn.anxin.platform.store.Database;
import cn.anxin.platform.store.DatabaseOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * How many device connections one Anxin node holds and what each costs in memory. This JVM runs the
 * real stack (embedded PostgreSQL, gateway and platform, connection limits from the environment as in
 * production), registers N devices in one SQL statement, measures heap after GC and RSS, starts
 * {@code device-sim load --hold} in a JVM of its own, waits until the connection count stops rising,
 * measures again and prints one {@code RESULT} line.
 *
 * <p>Environment: DEVICES [1000], DEVICE_SIM_JAR [device-sim/target/device-sim.jar], CONNECT_RATE [1000],
 * LOCAL_ADDRESSES [none], PLATFORM [1] (0: gateway only), SIM_JAVA_OPTS [-Xmx1g], SIM_TIMEOUT [120] (seconds
 * device-sim waits for a CONNACK), MAX_RAMP [900] (seconds to wait for the count to stop rising),
 * WORK_DIR [bench/target/connections-work], plus the product's ANXIN_MQTT_* and ANXIN_DB_* variables.
 */
public final class ConnectionsBench {

  private static final String SECRET = "bench-shared-secret-for-connection-counting";
  private static final String ID_PATTERN = "conn-%06d";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectionsBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    int devices = Integer.parseInt(env.getOrDefault("DEVICES", "1000"));
    String simJar = env.getOrDefault("DEVICE_SIM_JAR", "device-sim/target/device-sim.jar");
    int connectRate = Integer.parseInt(env.getOrDefault("CONNECT_RATE", "1000"));
    String localAddresses = env.getOrDefault("LOCAL_ADDRESSES", "");
    boolean platform = !"0".equals(env.getOrDefault("PLATFORM", "1"));
    String simJavaOpts = env.getOrDefault("SIM_JAVA_OPTS", "-Xmx1g");
    Path workDir = Path.of(env.getOrDefault("WORK_DIR", "bench/target/connections-work"));
    quietLogs();

    Files.createDirectories(workDir);
    Path dataDir = Files.createTempDirectory(workDir, "db-");
    DatabaseOptions fromEnv = DatabaseOptions.fromEnv(env);
    DatabaseOptions options = fromEnv.url().isPresent() ? fromEnv
        : new DatabaseOptions(Optional.empty(), DatabaseOptions.embeddedAt(dataDir).user(),
            DatabaseOptions.embeddedAt(dataDir).password(), dataDir, DatabaseOptions.DEFAULT_POOL_SIZE);
    Database database = Database.open(options);
    Vertx vertx = Vertx.vertx();
    Stack stack = null;
    try {
      long t0 = System.nanoTime();
      String prefix = register(database, devices);
      System.out.printf(Locale.ROOT, "registered %,d devices in %.1f s (one INSERT ... generate_series,"
          + " one salted SHA-256 hash)%n", devices, (System.nanoTime() - t0) / 1e9);
      GatewayLimits limits = GatewayOptions.fromEnv(env).limits();
      StackOptions loopback = StackOptions.loopback();
      stack = Stack.start(vertx, database.dataSource(),
              loopback.withGateway(loopback.gateway().withLimits(limits)).only(true, platform))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      System.out.printf(Locale.ROOT, "stack up: gateway%s on MQTT port %d, max connections %,d, per site %,d%n",
          platform ? " and platform" : " only", stack.mqttPort(), limits.maxConnections(),
          limits.maxConnectionsPerSite());

      Thread.sleep(3_000);
      Memory before = Memory.measure(ProcessHandle.current().pid());
      System.out.println("before: " + before);

      long holdSeconds = 3_600; // ended by SIGTERM once measured; device-sim then prints its report
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(simJavaOpts.trim().split("\\s+")));
      command.addAll(List.of("-jar", simJar, "load", "--hold", "--port", Integer.toString(stack.mqttPort()),
          "--secret", SECRET, "--id-pattern", prefix + ID_PATTERN, "--devices", Integer.toString(devices),
          "--connect-rate", Integer.toString(connectRate), "--duration", Long.toString(holdSeconds),
          "--keep-alive", "120", "--timeout", env.getOrDefault("SIM_TIMEOUT", "120"), "--reconnect-delay", "5",
          "--progress", "10", "--json"));
      if (!localAddresses.isBlank()) {
        command.addAll(List.of("--local-addresses", localAddresses));
      }
      command.removeIf(String::isEmpty);
      System.out.println("device-sim: " + String.join(" ", command));
      Path report = workDir.resolve("load-report-" + devices + ".json");
      Process sim = new ProcessBuilder(command).redirectOutput(report.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();

      int held = waitForPlateau(stack, devices, sim,
          TimeUnit.SECONDS.toNanos(Long.parseLong(env.getOrDefault("MAX_RAMP", "900"))));
      Thread.sleep(3_000);
      Memory with = Memory.measure(ProcessHandle.current().pid());
      Memory client = Memory.measure(sim.pid());
      held = stack.gateway().connections();
      System.out.println("with " + held + " connections: " + with);
      System.out.println("device-sim process: " + client);

      sim.destroy(); // SIGTERM: device-sim disconnects everyone and prints its report
      if (!sim.waitFor(90, TimeUnit.SECONDS)) {
        sim.destroyForcibly();
      }
      long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (stack.gateway().connections() > 0 && System.nanoTime() < drained) {
        Thread.sleep(100);
      }
      Thread.sleep(3_000); // the gateway journals every device going OFFLINE
      JsonNode load = readReport(report);
      double heapPer = held == 0 ? 0 : (with.heapUsed() - before.heapUsed()) / (double) held;
      double rssPer = held == 0 ? 0 : (with.rss() - before.rss()) / (double) held;
      System.out.printf(Locale.ROOT, "RESULT devices=%d held=%d heapBeforeMiB=%.1f heapWithMiB=%.1f"
              + " rssBeforeMiB=%.1f rssWithMiB=%.1f heapPerConnKiB=%.2f rssPerConnKiB=%.2f"
              + " heapCommittedWithMiB=%.1f directWithMiB=%.1f simRssMiB=%.1f failed=%s%n",
          devices, held, mib(before.heapUsed()), mib(with.heapUsed()), mib(before.rss()), mib(with.rss()),
          heapPer / 1024, rssPer / 1024, mib(with.heapCommitted()), mib(with.direct()), mib(client.rss()),
          load == null ? "(no report)" : load.path("failedByReason").toString().replace(" ", "_"));
      summarise(devices, held, heapPer, rssPer);
    } finally {
      if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
        logs.getLoggerList().forEach(l -> l.setLevel(ch.qos.logback.classic.Level.OFF));
      }
      if (stack != null) {
        stack.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      database.close();
      cn.anxin.bench.WorkDirs.deleteTree(dataDir);
    }
  }

  /** The level's headline figures for bench/run-all.sh (docs/BENCHMARKS.md, "Summary files"). */
  private static void summarise(int devices, int held, double heapPer, double rssPer) throws java.io.IOException {
    Path file = Path.of("bench", "target", "connections", "summary.tsv");
    String level = "target " + devices + ", open files " + ulimit();
    SummaryFile.append(file, "connections", level, "connections", Integer.toString(held), "-", "held");
    SummaryFile.append(file, "connections", level, "heap_kib_per_connection", String.format(Locale.ROOT, "%.1f", heapPer / 1024),
        "KiB", "live heap after GC");
    SummaryFile.append(file, "connections", level, "rss_kib_per_connection", String.format(Locale.ROOT, "%.1f", rssPer / 1024),
        "KiB", "gateway JVM");
  }

  private static String ulimit() {
    try {
      return java.nio.file.Files.readAllLines(Path.of("/proc/self/limits")).stream()
          .filter(l -> l.startsWith("Max open files")).map(l -> l.replaceAll("\\s+", " ").split(" ")[4])
          .findFirst().orElse("?");
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** One site, N devices named prefix + ID_PATTERN, all with one precomputed salted hash of SECRET. */
  private static String register(Database database, int devices) throws SQLException {
    String prefix = "b" + Long.toString(System.currentTimeMillis(), 36) + "-";
    String hash = new SecretHasher().hashGenerated(SECRET);
    try (Connection c = database.dataSource().getConnection()) {
      long site;
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO site (code, name, kind) VALUES (?, '连接数压测', 'DAY_CARE') RETURNING id")) {
        s.setString(1, "S-" + prefix);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          site = r.getLong(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO device (id, kind, secret_hash, site_id, room)"
              + " SELECT ? || 'conn-' || lpad(g::text, 6, '0'), 'FALL_RADAR', ?, ?, 'bedroom'"
              + " FROM generate_series(1, ?) g")) {
        s.setString(1, prefix);
        s.setString(2, hash);
        s.setLong(3, site);
        s.setInt(4, devices);
        s.executeUpdate();
      }
    }
    return prefix;
  }

  /**
   * Waits until all devices are connected, the count stopped rising for 30 s, device-sim ended, or
   * maxRampNanos passed (a slow machine: the figures then hold for the connections reached).
   */
  private static int waitForPlateau(Stack stack, int devices, Process sim, long maxRampNanos)
      throws InterruptedException {
    long start = System.nanoTime();
    int last = -1;
    long lastChange = System.nanoTime();
    long lastPrint = 0;
    while (true) {
      int now = stack.gateway().connections();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
      if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
        System.out.printf(Locale.ROOT, "gateway holds %,d connections%n", now);
        lastPrint = System.nanoTime();
      }
      if (now >= devices || !sim.isAlive() || System.nanoTime() - start > maxRampNanos
          || (now > 0 && System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(30))) {
        return now;
      }
      Thread.sleep(250);
    }
  }

  private static JsonNode readReport(Path report) {
    try {
      return JSON.readTree(report.toFile());
    } catch (IOException e) {
      System.out.println("device-sim report unreadable: " + e.getMessage());
      return null;
    }
  }

  /** Heap used after a full GC and resident set size of a process (heap -1 for another process). */
  record Memory(long heapUsed, long heapCommitted, long direct, long rss, int openFiles) {
    static Memory measure(long pid) {
      boolean self = pid == ProcessHandle.current().pid();
      long heap = -1;
      long committed = -1;
      long direct = -1;
      if (self) {
        for (int i = 0; i < 3; i++) {
          System.gc();
        }
        heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        direct = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()
            + ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(b -> b.getMemoryUsed()).sum();
      }
      long rss = -1;
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // no /proc: left at -1
      }
      String[] fds = new File("/proc/" + pid + "/fd").list();
      return new Memory(heap, committed, direct, rss, fds == null ? -1 : fds.length);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "heap used after GC %s, RSS %.1f MiB, open files %d",
          heapUsed < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB (committed %.1f MiB, direct buffers %.1f MiB)",
              mib(heapUsed), mib(heapCommitted), mib(direct)), mib(rss), openFiles);
    }
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
      logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }


}
