package cn.anxin.platform.ingest;

import cn.anxin.gateway.forward.EventJournal;
import cn.anxin.platform.alerts.AlertJson;
import cn.anxin.platform.alerts.AlertQueries;
import cn.anxin.platform.store.series.ReadingProjection;
import cn.anxin.platform.store.series.SeriesLayout;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes the device event journal: every stored event exactly once, in journal order, each in
 * the same transaction that marks it processed. Woken by the gateway after each commit and by a
 * timer (for events stored by a gateway in another process, and after a restart).
 *
 * <p>A batch is claimed ({@code FOR UPDATE SKIP LOCKED}) and processed in one transaction, in
 * journal order, with statements per batch where the work allows: the devices' look-up, their
 * "last seen" update, the processed mark of the batch's events and the readings' projection. When
 * an event fails, the batch is rolled back to its claim and processed again one event at a time,
 * each under a savepoint, so the failing event is marked with its error and the others are
 * processed. A serialization failure or deadlock (SQLState 40001, 40P01: another transaction, not
 * the event, is at fault) rolls the whole batch back and processes it again; no event is marked
 * failed for it.
 */
public final class JournalConsumer {

  /** Event-bus address on which each raised or changed alert is published as JSON, after commit. */
  public static final String ALERTS_ADDRESS = "anxin.alerts.changed";

  private static final Logger LOG = LoggerFactory.getLogger(JournalConsumer.class);
  /** Rows claimed per transaction (docs/BENCHMARKS.md, "Journal consumer": 500 and 1000 are close). */
  private static final int BATCH = 500;
  /** Batches per turn on the worker, at most; then the turn ends and the next one is queued, so a
   * backlog never holds a worker for long and stopping takes effect between batches. */
  private static final int BATCHES_PER_TURN = 20;
  /** A turn also ends after this long, so the alerts it raised are published without waiting for the backlog. */
  private static final long TURN_NANOS = 500_000_000L;
  /** Attempts of a batch that a serialization failure or deadlock rolled back, before the turn gives up. */
  private static final int ATTEMPTS = 5;
  private static final String CLAIM =
      "SELECT id, device_id, kind, received_at, payload::text FROM device_event"
          + " WHERE processed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String DONE =
      "UPDATE device_event SET processed_at = now(), process_error = NULL WHERE id = ANY(?)";
  private static final String FAILED =
      "UPDATE device_event SET processed_at = now(), process_error = ? WHERE id = ?";

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final cn.anxin.platform.privacy.IdCardVault vault;
  private final int batch;
  private final AlertQueries queries = new AlertQueries();
  private final long pollMillis;
  private EventProcessor processor;
  private MessageConsumer<Long> wakeUps;
  private long pollTimer = -1;
  private boolean draining;
  private boolean wokenWhileDraining;
  private volatile boolean stopped;
  private ReadingProjection readings;

  /** @param vault the keys credentials of meal swipes are looked up with (their keyed hash) */
  public JournalConsumer(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock, long pollMillis,
      cn.anxin.platform.privacy.IdCardVault vault) {
    this(vertx, dataSource, workers, clock, pollMillis, vault, BATCH);
  }

  /** As above, claiming up to {@code batch} rows per transaction. */
  public JournalConsumer(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock, long pollMillis,
      cn.anxin.platform.privacy.IdCardVault vault, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1: " + batch);
    }
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.vault = vault;
    this.batch = batch;
    this.processor = new EventProcessor(clock, vault);
    this.pollMillis = pollMillis;
  }

  /** Starts consuming; call on a Vert.x context thread. */
  public void start() {
    wakeUps = vertx.eventBus().localConsumer(EventJournal.STORED_ADDRESS, m -> wake());
    pollTimer = vertx.setPeriodic(pollMillis, t -> wake());
    wake();
  }

  public void stop() {
    stopped = true;
    if (wakeUps != null) {
      wakeUps.unregister();
    }
    vertx.cancelTimer(pollTimer);
  }

  private void wake() {
    if (stopped) {
      return;
    }
    if (draining) {
      wokenWhileDraining = true;
      return;
    }
    draining = true;
    workers.executeBlocking(this::drain, false).onComplete(result -> {
      draining = false;
      if (result.failed()) {
        LOG.error("journal processing failed, will retry: {}", result.cause().toString());
      } else {
        result.result().alerts().forEach(alert -> vertx.eventBus().publish(ALERTS_ADDRESS, alert));
        if (result.result().failure() != null) {
          LOG.error("journal processing failed, will retry: {}", result.result().failure().toString());
        }
      }
      if (wokenWhileDraining || (result.succeeded() && result.result().more())) {
        wokenWhileDraining = false;
        wake();
      }
    });
  }

  /**
   * What one turn did: the alerts it changed, whether rows were left for another turn, and the
   * failure that ended it early (the batches committed before it still have their alerts pushed).
   */
  private record Turn(List<io.vertx.core.json.JsonObject> alerts, boolean more, Exception failure) {}

  /** Processes up to {@link #BATCHES_PER_TURN} batches; returns the changed alerts as JSON. */
  private Turn drain() throws SQLException {
    Set<Long> changed = new LinkedHashSet<>();
    boolean more = false;
    long started = System.nanoTime();
    Exception failure = null;
    try {
      for (int turn = 0; turn < BATCHES_PER_TURN && !stopped; turn++) {
        more = processBatch(changed) == batch;
        if (!more || System.nanoTime() - started > TURN_NANOS) {
          break;
        }
      }
    } catch (SQLException | RuntimeException e) {
      if (changed.isEmpty()) {
        throw e;
      }
      failure = e;
      more = false;
    }
    List<io.vertx.core.json.JsonObject> alerts = new ArrayList<>();
    if (!changed.isEmpty()) {
      try (Connection c = dataSource.getConnection()) {
        for (long id : changed) {
          queries.byId(c, id).map(AlertJson::of).ifPresent(alerts::add);
        }
      }
    }
    return new Turn(alerts, more && !stopped, failure);
  }

  /** One batch, again from its claim when another transaction made it roll back (40001, 40P01). */
  private int processBatch(Set<Long> changed) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return processBatchOnce(changed);
      } catch (SQLException | RuntimeException e) {
        // What the rules keep in memory may hold work of the rolled-back transaction.
        processor = new EventProcessor(clock, vault);
        if (!RetryableFailure.is(e) || attempt >= ATTEMPTS || stopped) {
          throw e;
        }
        LOG.warn("journal batch rolled back by the database ({}), processing it again (attempt {})",
            e instanceof SQLException sql ? sql.getSQLState() : e.toString(), attempt + 1);
      }
    }
  }

  private int processBatchOnce(Set<Long> changed) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<JournalRow> rows = claim(c);
        if (rows.isEmpty()) {
          c.commit();
          return 0;
        }
        Set<Long> batchChanged = new LinkedHashSet<>();
        Map<Long, String> failures = new HashMap<>();
        Savepoint claimed = c.setSavepoint();
        try {
          together(c, rows, batchChanged);
          c.releaseSavepoint(claimed);
        } catch (Exception e) {
          if (RetryableFailure.is(e)) {
            throw RetryableFailure.asSqlException(e);
          }
          c.rollback(claimed);
          LOG.warn("a batch of {} journal rows failed together ({}); processing it one row at a time",
              rows.size(), e.toString());
          // What the rules keep in memory may hold work that was just rolled back.
          processor.forgetMemory(c);
          batchChanged.clear();
          oneByOne(c, rows, batchChanged, failures);
        }
        markProcessed(c, rows, failures);
        readings(c).project(c, rows.stream().map(JournalRow::id).toList());
        c.commit();
        changed.addAll(batchChanged);
        return rows.size();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The batch in one go: the first failing event fails it. */
  private void together(Connection c, List<JournalRow> rows, Set<Long> changed) throws Exception {
    processor.beforeBatch(c, rows);
    for (JournalRow row : rows) {
      changed.addAll(processor.process(c, row));
    }
    processor.afterBatch(c);
  }

  /** The batch event by event, each under a savepoint: a failing event is left out and its error kept. */
  private void oneByOne(Connection c, List<JournalRow> rows, Set<Long> changed, Map<Long, String> failures)
      throws SQLException {
    processor.beforeBatch(c, rows);
    for (JournalRow row : rows) {
      Savepoint before = c.setSavepoint();
      try {
        changed.addAll(processor.process(c, row));
        c.releaseSavepoint(before);
      } catch (Exception e) {
        if (RetryableFailure.is(e)) {
          throw RetryableFailure.asSqlException(e);
        }
        c.rollback(before);
        // The rules may remember work of the row just rolled back (a timer they armed).
        processor.forgetMemory(c);
        failures.put(row.id(), e.toString());
        LOG.error("event {} from {} could not be processed: {}", row.id(), row.deviceId(), e.toString());
      }
    }
    processor.afterBatch(c);
  }

  /** Marks the batch processed: one statement for the processed events, one per failed event. */
  private static void markProcessed(Connection c, List<JournalRow> rows, Map<Long, String> failures)
      throws SQLException {
    Long[] done = rows.stream().map(JournalRow::id).filter(id -> !failures.containsKey(id)).toArray(Long[]::new);
    if (done.length > 0) {
      try (PreparedStatement s = c.prepareStatement(DONE)) {
        s.setArray(1, c.createArrayOf("int8", done));
        s.executeUpdate();
      }
    }
    for (Map.Entry<Long, String> failure : failures.entrySet()) {
      try (PreparedStatement s = c.prepareStatement(FAILED)) {
        s.setString(1, failure.getValue());
        s.setLong(2, failure.getKey());
        s.executeUpdate();
      }
    }
  }

  /** The typed reading tables' projection, for the layout the database was migrated with. */
  private ReadingProjection readings(Connection c) throws SQLException {
    if (readings == null) {
      readings = new ReadingProjection(SeriesLayout.of(c));
    }
    return readings;
  }

  private List<JournalRow> claim(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setInt(1, batch);
      try (ResultSet r = s.executeQuery()) {
        List<JournalRow> rows = new ArrayList<>();
        while (r.next()) {
          rows.add(new JournalRow(
              r.getLong(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant(), r.getString(5)));
        }
        return rows;
      }
    }
  }
}
