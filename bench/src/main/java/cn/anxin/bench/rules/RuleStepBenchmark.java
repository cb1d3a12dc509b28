package cn.anxin.bench.rules;

import cn.anxin.platform.rules.RuleEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.LoggerFactory;

/**
 * Events per second through the rule step ({@link RuleEngine#onEvent}, every built rule with its
 * journal look-backs, alert raises and timer moves) against the product's embedded PostgreSQL, on
 * one thread as the journal consumer runs it: events in journal order, one transaction per 100
 * (with the configuration check the consumer makes per batch), the clock at each event's receive
 * time. The events ({@link RuleMix}) are stored in the journal before they are judged, outside the
 * measurement. Decoding, the registry look-up, the device update and the processed mark (the rest of
 * the consumer's work per row) are not part of the rule step and not measured.
 *
 * <p>{@code throughput} gives events per second; {@code latency} samples the time per event
 * (percentiles; the event that commits its batch carries the commit).
 *
 * <p>Run: {@code bench/run-rules.sh}, or {@code java -cp bench/target/anxin-bench.jar
 * org.openjdk.jmh.Main RuleStepBenchmark}
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 8)
@Measurement(iterations = 3, time = 8)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g"})
public class RuleStepBenchmark {

  /** Events per transaction, as the journal consumer batches them. */
  static final int BATCH = 100;
  /** Events stored ahead of the rule step before each iteration, at least. */
  static final int AHEAD = 60_000;

  /** Elders of the centre, one radar each. */
  @Param({"100"})
  public int elders;

  private RuleBenchDatabase database;
  private RuleMix mix;
  private BenchClock clock;
  private RuleEngine engine;
  private Connection connection;
  private final ArrayDeque<MixedEvent> ahead = new ArrayDeque<>();
  private int inBatch;
  private long judged;
  private long judgedBefore;
  private int storedInMeasurement;
  private StepCost cost;

  @Setup(Level.Trial)
  public void start() throws Exception {
    // As the ingest bench does: the platform logs a line per raised alert at INFO; the console is not measured.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    database = RuleBenchDatabase.start(elders);
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    mix = new RuleMix(database.radars(), start, false);
    clock = new BenchClock(start);
    engine = RuleEngine.standard(clock);
    connection = database.dataSource().getConnection();
    connection.setAutoCommit(false);
    try (var s = connection.createStatement(); var r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      cost = new StepCost(r.getLong(1));
    }
    connection.commit();
  }

  /** Stores the events the next iteration judges, outside the measurement. */
  @Setup(Level.Iteration)
  public void storeAhead(IterationParams iteration) throws SQLException {
    long lastIteration = judged - judgedBefore;
    judgedBefore = judged;
    storeMore((int) Math.max(AHEAD, 3 * lastIteration) - ahead.size());
    if (iteration.getType() == IterationType.MEASUREMENT) {
      cost.start(judged);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public RuleEngine.Outcome throughput() throws SQLException {
    return step();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public RuleEngine.Outcome latency() throws SQLException {
    return step();
  }

  @TearDown(Level.Iteration)
  public void endBatch(IterationParams iteration) throws SQLException {
    connection.commit();
    inBatch = 0;
    if (iteration.getType() == IterationType.MEASUREMENT) {
      cost.stop(judged);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    try {
      connection.commit();
      System.out.printf("%nrule step: %s%n", cost.summary());
      System.out.printf("rule step: %,d events judged; journal %,d rows, alerts %,d (events %,d),"
          + " timers %,d (pending %,d; %,d row updates, %,d of them HOT)%s%n", judged,
          database.single("SELECT count(*) FROM device_event"),
          database.single("SELECT count(*) FROM alert"),
          database.single("SELECT coalesce(sum(event_count), 0) FROM alert"),
          database.single("SELECT count(*) FROM rule_timer"),
          database.single("SELECT count(*) FROM rule_timer WHERE fired_at IS NULL AND cancelled_at IS NULL"),
          database.single("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'rule_timer'"),
          database.single("SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'rule_timer'"),
          storedInMeasurement == 0 ? ""
              : String.format("; %d chunk(s) had to be stored during a measurement (figures low)",
                  storedInMeasurement));
      connection.close();
    } finally {
      database.close();
    }
  }

  private RuleEngine.Outcome step() throws SQLException {
    MixedEvent next = ahead.poll();
    if (next == null) {
      storedInMeasurement++;
      storeMore(AHEAD);
      next = ahead.poll();
    }
    if (inBatch == 0) {
      engine.beforeBatch(connection);
    }
    clock.set(next.event().receivedAt());
    RuleEngine.Outcome outcome = engine.onEvent(connection, next.event());
    judged++;
    if (++inBatch == BATCH) {
      connection.commit();
      inBatch = 0;
    }
    return outcome;
  }

  private void storeMore(int count) throws SQLException {
    if (count <= 0) {
      return;
    }
    connection.commit();
    inBatch = 0;
    long[] ids = database.nextIds(connection, count);
    List<MixedEvent> events = new ArrayList<>(count);
    for (long id : ids) {
      events.add(mix.next(id));
    }
    database.store(connection, events);
    connection.commit();
    ahead.addAll(events);
  }
}
