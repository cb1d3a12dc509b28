package cn.anxin.platform.alerts;

import cn.anxin.platform.testing.TestRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Sites, elders, device events and alerts straight into a test database, alerts raised by AlertStore. */
final class AlertFixtures {

  private final DataSource db;
  private final AlertStore store = new AlertStore();

  AlertFixtures(DataSource db) {
    this.db = db;
  }

  /** A day-care centre, an elder at it and a fall radar bound to the elder; returns the elder id. */
  long elder(String name, String deviceId) throws SQLException {
    return TestRegistry.elderWithRadar(db, name, deviceId, "secret-" + deviceId);
  }

  long siteOf(long elderId) throws SQLException {
    return TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elderId);
  }

  /** A device event of the radar, as the gateway would have stored it; returns its id. */
  long event(String deviceId, String kind, Instant eventTime, Instant receivedAt, String payload) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO device_event (device_id, msg_id, kind, event_time,"
            + " event_offset_minutes, received_at, payload, processed_at) VALUES (?, ?, ?, ?, 480,"
            + " ?, ?::jsonb, ?) RETURNING id")) {
      s.setString(1, deviceId);
      s.setString(2, java.util.UUID.randomUUID().toString());
      s.setString(3, kind);
      s.setTimestamp(4, Timestamp.from(eventTime));
      s.setTimestamp(5, Timestamp.from(receivedAt));
      s.setString(6, payload);
      s.setTimestamp(7, Timestamp.from(receivedAt));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** A fall event at this time, received a second later. */
  long fall(String deviceId, Instant eventTime) throws SQLException {
    return event(deviceId, "FALL", eventTime, eventTime.plusSeconds(1),
        "{\"msgId\":\"m\",\"ts\":\"" + eventTime + "\",\"confidence\":0.93,\"zone\":\"bathroom\"}");
  }

  /** Raises (or adds to) the elder's alert of this rule through AlertStore, in a transaction of its own. */
  AlertStore.Raised raise(long elderId, String rule, String severity, String deviceId, long eventId,
      Instant eventTime, Instant now) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      AlertStore.Raised raised = store.raise(c, new AlertRequest(elderId, rule, severity, eventId, deviceId,
          eventTime, Optional.of("bathroom")), now);
      c.commit();
      return raised;
    }
  }

  /** A new open P1 alert of this rule for the elder, raised now from a fall just stored; returns its id. */
  long alert(long elderId, String deviceId, String rule) throws SQLException {
    Instant now = Instant.now();
    long event = fall(deviceId, now.minusSeconds(2));
    AlertStore.Raised raised = raise(elderId, rule, "P1", deviceId, event, now.minusSeconds(2), now);
    if (!raised.created()) {
      throw new IllegalStateException("the elder already has an open " + rule + " alert");
    }
    return raised.alertId();
  }

  /** Puts an alert in a status by hand, as if it had got there earlier. */
  void status(long alertId, String status) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE alert SET status = ? WHERE id = ?")) {
      s.setString(1, status);
      s.setLong(2, alertId);
      s.executeUpdate();
    }
  }

  long count(String sql, Object... args) throws SQLException {
    return TestRegistry.count(db, sql, args);
  }
}
