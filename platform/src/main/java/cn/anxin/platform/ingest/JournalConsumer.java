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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes the device event journal: every stored event exactly once, in journal order, each in
 * the same transaction that marks it processed. Woken by the gateway after each commit and by a
 * timer (for events stored by a gateway in another process, and after a restart).
 */
public final class JournalConsumer {

  /** Event-bus address on which each raised or changed alert is published as JSON, after commit. */
  public static final String ALERTS_ADDRESS = "anxin.alerts.changed";

  private static final Logger LOG = LoggerFactory.getLogger(JournalConsumer.class);
  private static final int BATCH = 100;
  /** Batches per turn on the worker; then the turn ends and the next one is queued, so a backlog
   * never holds a worker for long and stopping takes effect between batches. */
  private static final int BATCHES_PER_TURN = 20;
  private static final String CLAIM =
      "SELECT id, device_id, kind, received_at, payload::text FROM device_event"
          + " WHERE processed_at IS NULL ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";
  private static final String DONE =
      "UPDATE device_event SET processed_at = now(), process_error = ? WHERE id = ?";

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final EventProcessor processor;
  private final AlertQueries queries = new AlertQueries();
  private final long pollMillis;
  private MessageConsumer<Long> wakeUps;
  private long pollTimer = -1;
  private boolean draining;
  private boolean wokenWhileDraining;
  private volatile boolean stopped;
  private ReadingProjection readings;

  /** @param vault the keys credentials of meal swipes are looked up with (their keyed hash) */
  public JournalConsumer(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock, long pollMillis,
      cn.anxin.platform.privacy.IdCardVault vault) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
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
      }
      if (wokenWhileDraining || (result.succeeded() && result.result().more())) {
        wokenWhileDraining = false;
        wake();
      }
    });
  }

  /** What one turn did: the alerts it changed, and whether rows were left for another turn. */
  private record Turn(List<io.vertx.core.json.JsonObject> alerts, boolean more) {}

  /** Processes up to {@link #BATCHES_PER_TURN} batches; returns the changed alerts as JSON. */
  private Turn drain() throws SQLException {
    Set<Long> changed = new LinkedHashSet<>();
    boolean more = false;
    for (int turn = 0; turn < BATCHES_PER_TURN && !stopped; turn++) {
      more = processBatch(changed) == BATCH;
      if (!more) {
        break;
      }
    }
    List<io.vertx.core.json.JsonObject> alerts = new ArrayList<>();
    if (!changed.isEmpty()) {
      try (Connection c = dataSource.getConnection()) {
        for (long id : changed) {
          queries.byId(c, id).map(AlertJson::of).ifPresent(alerts::add);
        }
      }
    }
    return new Turn(alerts, more && !stopped);
  }

  private int processBatch(Set<Long> changed) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<JournalRow> rows = claim(c);
        if (!rows.isEmpty()) {
          processor.beforeBatch(c);
        }
        Set<Long> batchChanged = new LinkedHashSet<>();
        for (JournalRow row : rows) {
          processOne(c, row, batchChanged);
        }
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

  /** The typed reading tables' projection, for the layout the database was migrated with. */
  private ReadingProjection readings(Connection c) throws SQLException {
    if (readings == null) {
      readings = new ReadingProjection(SeriesLayout.of(c));
    }
    return readings;
  }

  private void processOne(Connection c, JournalRow row, Set<Long> changed) throws SQLException {
    Savepoint before = c.setSavepoint();
    String error = null;
    try {
      changed.addAll(processor.process(c, row));
    } catch (Exception e) {
      c.rollback(before);
      error = e.toString();
      LOG.error("event {} from {} could not be processed: {}", row.id(), row.deviceId(), error);
    }
    try (PreparedStatement s = c.prepareStatement(DONE)) {
      s.setString(1, error);
      s.setLong(2, row.id());
      s.executeUpdate();
    }
  }

  private static List<JournalRow> claim(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLAIM);
        ResultSet r = s.executeQuery()) {
      List<JournalRow> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(new JournalRow(
            r.getLong(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant(), r.getString(5)));
      }
      return rows;
    }
  }
}
