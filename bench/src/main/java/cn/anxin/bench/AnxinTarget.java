package cn.anxin.bench;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.gateway.mqtt.GatewayLimits;
import cn.anxin.gateway.mqtt.GatewayOptions;
import cn.anxin.platform.launch.Stack;
import cn.anxin.platform.launch.StackOptions;
import cn.anxin.platform.store.Database;
import cn.anxin.platform.store.DatabaseOptions;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The real product in this process: a fresh embedded PostgreSQL in a temporary directory (or the
 * server named by {@code ANXIN_DB_URL}), migrated by Flyway, and the whole {@link Stack} (gateway
 * and platform) on loopback. Devices are registered straight into the registry, each bound to an
 * elder of its own, with a salted SHA-256 hash of its secret as the gateway expects.
 */
final class AnxinTarget implements Target {

  /** A per-device publish rate no publisher here reaches: the limiter never delays. */
  private static final int UNLIMITED_RATE = 1_000_000;
  /** The kinds the publishers send; the gateway journals CONNECTIVITY rows of its own. */
  private static final String PUBLISHED_KINDS = "kind IN ('HEARTBEAT', 'FALL')";

  /** Where PostgreSQL comes from. */
  enum Mode {
    /** The product's own embedded server ({@code Database.open} without a URL), as shipped: durable. */
    EMBEDDED,
    /** The server named by {@code ANXIN_DB_URL}. */
    EXTERNAL
  }

  private final Path dataDir;
  private final Mode mode;
  private final Database database;
  private final HikariDataSource pool;
  private final Vertx vertx;
  private final Stack stack;
  private final String devicePrefix;
  private final List<BenchDevice> devices;
  private final int poolSize;
  private final boolean platform;
  private final GatewayLimits limits;

  private AnxinTarget(Path dataDir, Mode mode, Database database,
      Vertx vertx, Stack stack, String devicePrefix, List<BenchDevice> devices, int poolSize,
      boolean platform, GatewayLimits limits) {
    this.dataDir = dataDir;
    this.mode = mode;
    this.database = database;
    this.pool = database.dataSource() instanceof HikariDataSource h ? h : null;
    this.vertx = vertx;
    this.stack = stack;
    this.devicePrefix = devicePrefix;
    this.devices = devices;
    this.poolSize = poolSize;
    this.platform = platform;
    this.limits = limits;
  }

  /**
   * @param platform also run the platform (journal consumer, HTTP), as the one-process stack does
   * @param productLimits keep the gateway's per-device publish rate limit (ANXIN_MQTT_RATE_PER_DEVICE,
   *     default 20/s, burst 100); otherwise it is lifted so the ingest path itself is measured
   */
  static AnxinTarget start(int deviceCount, Path workDir, Map<String, String> env, boolean platform,
      boolean productLimits) throws Exception {
    DatabaseOptions fromEnv = DatabaseOptions.fromEnv(env);
    Mode mode = fromEnv.url().isPresent() ? Mode.EXTERNAL : Mode.EMBEDDED;
    int poolSize = env.containsKey("ANXIN_DB_POOL_SIZE")
        ? fromEnv.poolSize() : DatabaseOptions.DEFAULT_POOL_SIZE;
    Path dataDir = null;
    Database database = null;
    Vertx vertx = null;
    try {
      DatabaseOptions options;
      if (mode == Mode.EXTERNAL) {
        options = fromEnv;
      } else {
        Files.createDirectories(workDir);
        dataDir = Files.createTempDirectory(workDir, "anxin-bench-");
        DatabaseOptions defaults = DatabaseOptions.embeddedAt(dataDir);
        options = new DatabaseOptions(Optional.empty(), defaults.user(), defaults.password(), dataDir,
            poolSize);
      }
      database = Database.open(options);
      // Device ids unique to this run, so an external database may be reused.
      String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
      List<BenchDevice> devices = register(database.dataSource(), prefix, deviceCount);
      vertx = Vertx.vertx();
      GatewayLimits product = GatewayOptions.fromEnv(env).limits();
      GatewayLimits limits = productLimits ? product
          : new GatewayLimits(product.maxConnections(), product.maxConnectionsPerSite(),
              product.maxInflight(), UNLIMITED_RATE, UNLIMITED_RATE);
      StackOptions loopback = StackOptions.loopback();
      StackOptions stackOptions = loopback
          .withGateway(loopback.gateway().withLimits(limits))
          .only(true, platform);
      Stack stack = Stack.start(vertx, database.dataSource(), stackOptions)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new AnxinTarget(dataDir, mode, database, vertx, stack, prefix, devices,
          options.poolSize(), platform, limits);
    } catch (Exception | Error e) {
      if (vertx != null) {
        vertx.close();
      }
      if (database != null) {
        database.close();
      }
      cn.anxin.bench.WorkDirs.deleteTree(dataDir);
      throw e;
    }
  }

  /** One site, and per device an elder and a fall radar bound to it (as an operator would). */
  private static List<BenchDevice> register(DataSource ds, String prefix, int count)
      throws SQLException {
    SecretHasher hasher = new SecretHasher();
    List<BenchDevice> devices = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      long site;
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO site (code, name, kind) VALUES (?, ?, 'DAY_CARE') RETURNING id")) {
        s.setString(1, "S-" + prefix);
        s.setString(2, "压测日间照料中心");
        site = single(s);
      }
      for (int i = 1; i <= count; i++) {
        String id = String.format("%s-%03d", prefix, i);
        String secret = SecretHasher.newSecret();
        long elder;
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO elder (code, name, site_id) VALUES (?, ?, ?) RETURNING id")) {
          s.setString(1, "E-" + id);
          s.setString(2, "压测老人" + i);
          s.setLong(3, site);
          elder = single(s);
        }
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room)"
                + " VALUES (?, 'FALL_RADAR', ?, ?, ?, 'bathroom')")) {
          s.setString(1, id);
          s.setString(2, hasher.hashGenerated(secret));
          s.setLong(3, elder);
          s.setLong(4, site);
          s.executeUpdate();
        }
        devices.add(new BenchDevice(id, secret));
      }
      c.commit();
    }
    return List.copyOf(devices);
  }

  private static long single(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public String name() {
    return "anxin";
  }

  @Override
  public String serverUri() {
    return "tcp://127.0.0.1:" + stack.mqttPort();
  }

  @Override
  public List<BenchDevice> devices() {
    return devices;
  }

  @Override
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Anxin stack in this JVM: gateway on " + serverUri() + (runsPlatform()
        ? ", platform (journal consumer, HTTP) on port " + stack.httpPort()
        : "; platform NOT running (--gateway-only): nothing processes the journal"));
    lines.add(String.format("gateway limits: max in-flight per connection %d (socket reads pause"
            + " beyond it), per-device rate %s", limits.maxInflight(),
        limits.ratePerDevice() >= UNLIMITED_RATE
            ? "lifted (the product default is " + GatewayLimits.DEFAULT_RATE_PER_DEVICE + "/s, burst "
                + GatewayLimits.DEFAULT_BURST_PER_DEVICE + "; --product-limits keeps it)"
            : limits.ratePerDevice() + "/s, burst " + limits.burstPerDevice() + " (product limits)"));
    lines.add("database: " + switch (mode) {
          case EMBEDDED -> "the product's embedded PostgreSQL (io.zonky, fsync and synchronous"
              + " commit on), fresh data directory " + dataDir;
          case EXTERNAL -> "external " + (pool != null ? pool.getJdbcUrl() : "ANXIN_DB_URL");
        }
        + "; HikariCP pool of " + poolSize + " connections; worker pool anxin-db of 16 threads");
    try (Connection c = probeConnection(); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT version()")) {
        r.next();
        lines.add("server: " + r.getString(1));
      }
      StringBuilder settings = new StringBuilder("settings:");
      for (String name : List.of("fsync", "synchronous_commit", "wal_sync_method", "full_page_writes",
          "commit_delay", "wal_buffers", "shared_buffers", "max_connections", "max_wal_size")) {
        try (ResultSet r = s.executeQuery("SELECT current_setting('" + name + "')")) {
          r.next();
          settings.append(' ').append(name).append('=').append(r.getString(1));
        }
      }
      lines.add(settings.toString());
    } catch (SQLException e) {
      lines.add("server settings unavailable: " + e.getMessage());
    }
    return lines;
  }

  /** A connection of its own, outside the product's pool, so observing does not take its slots. */
  Connection probeConnection() throws SQLException {
    if (pool == null) {
      return database.dataSource().getConnection();
    }
    return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
  }

  HikariDataSource pool() {
    return pool;
  }

  /** The product's own data source (its pool). */
  DataSource dataSource() {
    return database.dataSource();
  }

  /** The platform's HTTP port (API and console). */
  int httpPort() {
    return stack.httpPort();
  }

  @Override
  public List<ProcessHandle> serverProcesses() {
    if (mode == Mode.EXTERNAL) {
      return List.of();
    }
    String pgData = dataDir.resolve("postgres").toAbsolutePath().toString();
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(cmd -> cmd.endsWith("/postgres")).orElse(false))
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(pgData)).orElse(false))
        .forEach(postmaster -> {
          found.add(postmaster);
          postmaster.descendants().forEach(found::add);
        });
    return found;
  }

  @Override
  public Probe probe() {
    return new AnxinProbe(this);
  }

  @Override
  public int port() {
    return stack.mqttPort();
  }

  @Override
  public boolean authenticates() {
    return true;
  }

  @Override
  public Received received() throws SQLException {
    try (Connection c = probeConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FROM device_event WHERE device_id LIKE ? AND " + PUBLISHED_KINDS)) {
      s.setString(1, devicePrefix + "-%");
      long before = System.nanoTime();
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long count = r.getLong(1);
        // The count's snapshot was taken somewhere inside the query; its middle is the best guess.
        return new Received(count, before + (System.nanoTime() - before) / 2);
      }
    }
  }

  @Override
  public long connectedDevices() {
    Long accepted = stack.gateway().counters().snapshot().get("connectionsAccepted");
    return accepted == null ? -1 : accepted;
  }

  @Override
  public long progress() {
    Long stored = stack.gateway().counters().snapshot().get("eventsStored");
    return stored == null ? 0 : stored;
  }

  @Override
  public Verdict verify(long acknowledged, String what) throws Exception {
    long rows;
    long unprocessed;
    long others;
    try (Connection c = probeConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FILTER (WHERE " + PUBLISHED_KINDS + "),"
                + " count(*) FILTER (WHERE " + PUBLISHED_KINDS + " AND processed_at IS NULL),"
                + " count(*) FILTER (WHERE NOT " + PUBLISHED_KINDS + ")"
                + " FROM device_event WHERE device_id LIKE ?")) {
      s.setString(1, devicePrefix + "-%");
      try (ResultSet r = s.executeQuery()) {
        r.next();
        rows = r.getLong(1);
        unprocessed = r.getLong(2);
        others = r.getLong(3);
      }
    }
    Map<String, Long> counters = stack.gateway().counters().snapshot();
    String detail = String.format(
        "device_event heartbeat and fall rows %d, %s %d (besides, %d rows the gateway"
            + " journaled itself, e.g. connectivity); gateway counters: stored %s, duplicates %s,"
            + " refused %s, store failures %s, socket reads paused %s times, rate-delayed %s;"
            + " rows not yet processed by the platform: %d",
        rows, what, acknowledged, others, counters.get("eventsStored"), counters.get("duplicates"),
        counters.get("refusedMessages"), counters.get("storeFailures"),
        counters.get("readsPaused"), counters.get("rateDelayed"), unprocessed);
    boolean ok = rows == acknowledged;
    return new Verdict(ok, (ok ? "OK: " : "MISMATCH: ") + detail);
  }

  @Override
  public List<String> afterLoad(int seconds) throws Exception {
    if (!runsPlatform() || seconds <= 0) {
      return List.of();
    }
    long[] before = journalCounts();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long[] after = journalCounts();
    double elapsed = (System.nanoTime() - start) / 1e9;
    double rate = (after[0] - before[0]) / elapsed;
    return List.of(String.format(
        "platform catch-up with no ingest load, over %.0f s: JournalConsumer processed %.0f rows/s;"
            + " backlog %,d -> %,d%s",
        elapsed, rate, before[1], after[1],
        rate > 0 && after[1] > 0 ? String.format(" (about %.0f s more to clear it)", after[1] / rate)
            : ""));
  }

  /** Processed and unprocessed rows of this run's devices. */
  private long[] journalCounts() throws SQLException {
    try (Connection c = probeConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FILTER (WHERE processed_at IS NOT NULL),"
                + " count(*) FILTER (WHERE processed_at IS NULL) FROM device_event")) {
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  boolean runsPlatform() {
    return platform;
  }

  /**
   * Stops everything. The platform's JournalConsumer keeps draining a backlog after
   * {@code Stack.close()} (its stop() ends only the wake-ups), so its connection is cut when the
   * database closes; that is reported in one line here instead of as stack traces.
   */
  @Override
  public void close() {
    long backlog = -1;
    try (Connection c = probeConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FROM device_event WHERE processed_at IS NULL")) {
      try (ResultSet r = s.executeQuery()) {
        r.next();
        backlog = r.getLong(1);
      }
    } catch (SQLException e) {
      // the note below is skipped
    }
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
      logs.getLoggerList().forEach(l -> l.setLevel(ch.qos.logback.classic.Level.OFF));
    }
    AtomicInteger cut = new AtomicInteger();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (ThreadSampler.WORKER.matcher(thread.getName()).matches()) {
        cut.incrementAndGet();
      } else if (previous != null) {
        previous.uncaughtException(thread, e);
      } else {
        e.printStackTrace();
      }
    });
    if (backlog > 0 && runsPlatform()) {
      System.out.printf("closing: the platform still had %,d unprocessed journal rows; its"
          + " JournalConsumer goes on draining after Stack.close() and is cut off when the database"
          + " closes (product log output silenced from here)%n", backlog);
    }
    stack.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("Vert.x did not close cleanly: " + e);
    }
    try {
      database.close();
    } catch (Exception e) {
      System.err.println("database did not close cleanly: " + e);
    }
    cn.anxin.bench.WorkDirs.deleteTree(dataDir);
  }


}
