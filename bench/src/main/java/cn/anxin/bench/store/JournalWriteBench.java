package cn.anxin.bench.store;

import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.TimeFlag;
import cn.anxin.gateway.forward.JdbcEventJournal;
import cn.anxin.gateway.forward.JournalBatching;
import cn.anxin.platform.store.Database;
import cn.anxin.platform.store.DatabaseOptions;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.Recorder;

/**
 * Rows per second stored through the gateway's journal writer ({@link JdbcEventJournal}), with
 * no MQTT in front: {@code callers} concurrent appends are kept outstanding (each completion
 * starts the caller's next append, as a device's in-flight window does), against the product's
 * embedded PostgreSQL as shipped (fsync and synchronous commit on), for each batching case:
 *
 * <ul>
 *   <li>{@code unbatched}: one row per transaction, as the journal wrote before batching;
 *   <li>{@code batched}: the default, up to 500 rows per transaction, 2 writers;
 *   <li>{@code batched-w1}, {@code batched-w4}: 1 or 4 writers;
 *   <li>{@code batched-linger2}: the default with a 2 ms linger.
 * </ul>
 *
 * Prints, per case: rows/s committed in the measured window, transactions, rows per transaction,
 * and the append-to-commit latency (the part of the PUBACK latency spent storing). Every row
 * acknowledged is counted in the table afterwards. Prints figures only; it asserts no timing.
 *
 * <p>Usage: {@code java -cp bench/target/anxin-bench.jar cn.anxin.bench.store.JournalWriteBench
 * [callers] [warm-up s] [measured s] [case,...]}, defaults 200, 5, 15, all cases.
 */
public final class JournalWriteBench {

  private static final Map<String, JournalBatching> CASES = new LinkedHashMap<>();

  static {
    CASES.put("unbatched", JournalBatching.UNBATCHED);
    CASES.put("batched", JournalBatching.DEFAULT);
    CASES.put("batched-w1", new JournalBatching(500, 1, Duration.ZERO));
    CASES.put("batched-w4", new JournalBatching(500, 4, Duration.ZERO));
    CASES.put("batched-linger2", new JournalBatching(500, 2, Duration.ofMillis(2)));
  }

  private static final int DEVICES = 200;

  private JournalWriteBench() {}

  public static void main(String[] args) throws Exception {
    int callers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    List<String> cases = args.length > 3 ? List.of(args[3].split(",")) : List.copyOf(CASES.keySet());
    for (String name : cases) {
      if (!CASES.containsKey(name)) {
        throw new IllegalArgumentException("unknown case " + name + "; known: " + CASES.keySet());
      }
    }
    Path dir = Files.createTempDirectory("anxin-store-bench-");
    System.out.printf("machine: %d cores; %s %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out.printf("callers (appends outstanding): %d, warm-up %d s, measured %d s, %d devices%n",
        callers, warmup, measured, DEVICES);
    List<String> lines = new ArrayList<>();
    try (Database database = Database.open(DatabaseOptions.embeddedAt(dir))) {
      DataSource ds = database.dataSource();
      describeServer(ds);
      registerDevices(ds);
      Vertx vertx = Vertx.vertx();
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("anxin-db", 16);
      try {
        for (String name : cases) {
          truncate(ds);
          String line = run(name, CASES.get(name), vertx, workers, ds, callers, warmup, measured);
          System.out.println(line);
          lines.add(line);
        }
      } finally {
        workers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      cn.anxin.bench.WorkDirs.deleteTree(dir);
    }
    System.out.println();
    System.out.printf("%-16s %8s %10s %9s %9s %9s %9s %9s %8s%n", "case", "callers", "rows/s", "tx/s",
        "rows/tx", "p50 ms", "p99 ms", "max ms", "storage");
    lines.forEach(System.out::println);
  }

  private static String run(String name, JournalBatching batching, Vertx vertx, WorkerExecutor workers,
      DataSource ds, int callers, int warmup, int measured) throws Exception {
    JdbcEventJournal journal = new JdbcEventJournal(vertx, ds, workers, batching);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong inWindow = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong seq = new AtomicLong();
    Recorder latency = new Recorder(3);
    CountDownLatch done = new CountDownLatch(callers);
    String prefix = name + "-";
    for (int i = 0; i < callers; i++) {
      String device = "bench-" + (i % DEVICES);
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        if (stop.get()) {
          done.countDown();
          return;
        }
        long started = System.nanoTime();
        journal.append(event(device, prefix + seq.incrementAndGet())).onComplete(result -> {
          if (result.succeeded()) {
            acknowledged.incrementAndGet();
            if (measuring.get()) {
              inWindow.incrementAndGet();
              latency.recordValue(Math.max(1, (System.nanoTime() - started) / 1_000));
            }
          } else {
            failures.incrementAndGet();
          }
          next[0].run();
        });
      };
      vertx.runOnContext(v -> next[0].run());
    }
    Thread.sleep(warmup * 1000L);
    long batchesBefore = journal.batches();
    long rowsBefore = journal.rowsWritten();
    latency.getIntervalHistogram();
    measuring.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(measured * 1000L);
    measuring.set(false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long batches = journal.batches() - batchesBefore;
    long rows = journal.rowsWritten() - rowsBefore;
    var histogram = latency.getIntervalHistogram();
    stop.set(true);
    done.await(60, TimeUnit.SECONDS);
    long stored = count(ds, "SELECT count(*) FROM device_event WHERE msg_id LIKE '" + prefix + "%'");
    String storage = stored == acknowledged.get() && failures.get() == 0 ? "OK"
        : "MISMATCH " + stored + "/" + acknowledged.get() + " failed " + failures.get();
    return String.format("%-16s %8d %10.0f %9.0f %9.1f %9.2f %9.2f %9.2f %8s", name, callers,
        inWindow.get() / seconds, batches / seconds, batches == 0 ? 0.0 : (double) rows / batches,
        histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getMaxValue() / 1000.0, storage);
  }

  /** A heartbeat as the decoder makes it, with its payload as a device would send it. */
  private static DeviceEvent event(String device, String msgId) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
    String payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + now + "\",\"battery\":87,\"firmware\":\"2.1.0\"}";
    return new DeviceEvent(device, EventKind.HEARTBEAT, msgId, now, Instant.now(),
        new EventBody.Heartbeat(Optional.of(87), Optional.of("2.1.0")), payload, now, TimeFlag.OK);
  }

  private static void registerDevices(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO device (id, kind, secret_hash) VALUES (?, 'FALL_RADAR', 'not-used')")) {
      for (int i = 0; i < DEVICES; i++) {
        s.setString(1, "bench-" + i);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void truncate(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE device_event CASCADE");
      s.execute("VACUUM ANALYZE device_event");
      s.execute("CHECKPOINT");
    }
  }

  private static void describeServer(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version(), current_setting('fsync'),"
            + " current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
      r.next();
      System.out.printf("server: %s; fsync=%s synchronous_commit=%s full_page_writes=%s%n",
          r.getString(1).replaceAll(",.*", ""), r.getString(2), r.getString(3), r.getString(4));
    }
  }

  private static long count(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }


}
