package cn.anxin.gateway.forward;

import cn.anxin.gateway.decode.DeviceEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;

/**
 * Appends device events to the {@code device_event} table: one row per (device, msgId), committed
 * before the future completes. A resend of the same msgId finds the stored row and is not stored
 * again. {@code event_time} is the effective event time; the device's own time, the time flag and
 * the clock skew (device time minus receive time) are kept beside it.
 */
public final class JdbcEventJournal implements EventJournal {

  private static final String INSERT =
      "INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
          + " received_at, payload, device_time, time_flag, clock_skew_ms)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
          + " ON CONFLICT (device_id, msg_id) DO NOTHING RETURNING id";
  private static final String EXISTING =
      "SELECT id FROM device_event WHERE device_id = ? AND msg_id = ?";

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;

  public JdbcEventJournal(Vertx vertx, DataSource dataSource, WorkerExecutor workers) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
  }

  @Override
  public Future<Appended> append(DeviceEvent event) {
    Future<Appended> stored;
    try {
      stored = workers.executeBlocking(() -> insert(event), false);
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new IllegalStateException("the journal is closed", e));
    }
    return stored
        .onSuccess(appended -> {
          if (!appended.duplicate()) {
            vertx.eventBus().publish(STORED_ADDRESS, appended.eventId());
          }
        });
  }

  private Appended insert(DeviceEvent event) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, event.deviceId());
        s.setString(2, event.msgId());
        s.setString(3, event.kind().name());
        s.setTimestamp(4, Timestamp.from(event.eventTime().toInstant()));
        s.setInt(5, event.deviceTime().getOffset().getTotalSeconds() / 60);
        s.setTimestamp(6, Timestamp.from(event.receivedAt()));
        s.setString(7, event.payloadJson());
        s.setTimestamp(8, Timestamp.from(event.deviceTime().toInstant()));
        s.setString(9, event.timeFlag().name());
        s.setLong(10, event.clockSkew().toMillis());
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            return new Appended(r.getLong(1), false);
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(EXISTING)) {
        s.setString(1, event.deviceId());
        s.setString(2, event.msgId());
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw new SQLException("event vanished between insert and look-up: " + event.msgId());
          }
          return new Appended(r.getLong(1), true);
        }
      }
    }
  }
}
