package cn.anxin.bench.store;

import cn.anxin.platform.ingest.JournalConsumer;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.PiiKeys;
import cn.anxin.platform.store.Database;
import cn.anxin.platform.store.DatabaseOptions;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Rows per second the platform's {@link JournalConsumer} works off a journal backlog, against the
 * product's embedded PostgreSQL as shipped (fsync on), migrated, with elders and their devices.
 * For each batch size: {@code rows} unprocessed rows of a realistic mix are stored (as the gateway
 * would; not measured), then the consumer is started and timed until the journal is empty (or the
 * time cap). Prints rows/s, and where the time went: each statement kind's calls per row and its
 * share of the wall time (the rest is the consumer's own work: decoding, rules, waiting for a CPU).
 * Prints figures only; it asserts no timing.
 *
 * <p>Usage: {@code java -cp bench/target/anxin-bench.jar cn.anxin.bench.store.ConsumerBench
 * [rows] [batch sizes, comma-separated] [cap s] [clock]}, defaults 100000, 100,500,1000, 300, wall.
 * The rows are of the last hours; with clock {@code wall} the consumer runs on the real clock (a
 * backlog hours old: every timer it arms is already due), with {@code journal} on a clock that starts
 * at the first row's time and runs at real speed (a consumer that keeps up: its timers are ahead).
 */
public final class ConsumerBench {

  private static final int RADARS = 1_900;
  private static final int METER_PAIRS = 50;

  private ConsumerBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    List<Integer> batches = new ArrayList<>();
    for (String b : (args.length > 1 ? args[1] : "100,500,1000").split(",")) {
      batches.add(Integer.parseInt(b.trim()));
    }
    int cap = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    boolean journalClock = args.length > 3 && args[3].equals("journal");
    // At INFO the rules log every alert they raise or add to: the console would be measured.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.printf("machine: %d cores, load %s; %s %s%n", Runtime.getRuntime().availableProcessors(),
        String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()),
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    Path dir = Files.createTempDirectory("anxin-consumer-bench-");
    List<String> summary = new ArrayList<>();
    StatementTimer timer = new StatementTimer();
    try (Database database = Database.open(DatabaseOptions.embeddedAt(dir))) {
      DataSource ds = database.dataSource();
      ConsumerJournal journal = new ConsumerJournal(ds, RADARS, METER_PAIRS,
          Instant.now().minus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MINUTES));
      System.out.printf("%d devices bound to %d elders; %d rows per batch size, cap %d s%n",
          journal.devices(), RADARS, rows, cap);
      Vertx vertx = Vertx.vertx();
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("anxin-db", 4);
      try {
        for (int batch : batches) {
          summary.add(run(ds, journal, timer, vertx, workers, rows, batch, cap, journalClock));
        }
      } finally {
        workers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      cn.anxin.bench.WorkDirs.deleteTree(dir);
    }
    System.out.println();
    System.out.printf("%8s %10s %10s %12s %10s%n", "batch", "rows", "seconds", "rows/s", "errors");
    summary.forEach(System.out::println);
  }

  private static String run(DataSource ds, ConsumerJournal journal, StatementTimer timer, Vertx vertx,
      WorkerExecutor workers, int rows, int batch, int cap, boolean journalClock) throws Exception {
    execute(ds, "UPDATE device_event SET processed_at = now() WHERE processed_at IS NULL");
    Instant first = journal.next();
    String mix = journal.fill(ds, rows);
    execute(ds, "VACUUM ANALYZE device_event");
    execute(ds, "CHECKPOINT");
    long errorsBefore = single(ds, "SELECT count(*) FROM device_event WHERE process_error IS NOT NULL");
    System.out.printf("%nbatch %d: %s%n", batch, mix);
    timer.reset();
    Clock clock = journalClock ? Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), first))
        : Clock.systemUTC();
    JournalConsumer consumer = new JournalConsumer(vertx, timer.wrap(ds), workers, clock, 1_000,
        new IdCardVault(PiiKeys.ephemeral()), batch);
    long t0 = System.nanoTime();
    vertx.runOnContext(v -> consumer.start());
    long left = rows;
    long deadline = t0 + cap * 1_000_000_000L;
    while (left > 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      left = single(ds, "SELECT count(*) FROM device_event WHERE processed_at IS NULL");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    vertx.runOnContext(v -> consumer.stop());
    Thread.sleep(1_000);
    long done = rows - left;
    long errors = single(ds, "SELECT count(*) FROM device_event WHERE process_error IS NOT NULL") - errorsBefore;
    System.out.printf("processed %d rows in %.1f s: %.0f rows/s (%d errors)%n", done, seconds, done / seconds, errors);
    System.out.printf("  %-78s %9s %8s %9s %6s%n", "where the time went (statement)", "calls", "per row",
        "ms", "share");
    long inDatabase = 0;
    for (StatementTimer.Figure f : timer.figures()) {
      inDatabase += f.nanos();
      System.out.printf("  %-78s %9d %8.3f %9.0f %5.1f%%%n", f.label(), f.calls(), (double) f.calls() / done,
          f.nanos() / 1e6, f.nanos() / 1e7 / seconds);
    }
    double rest = seconds * 1e9 - inDatabase;
    System.out.printf("  %-78s %9s %8s %9.0f %5.1f%%%n", "outside statements (decode, rules' own work, idle)", "", "",
        rest / 1e6, rest / 1e7 / seconds);
    return String.format("%8d %10d %10.1f %12.0f %10d", batch, done, seconds, done / seconds, errors);
  }

  private static void execute(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long single(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }


}
