package cn.anxin.platform.testing;

import cn.anxin.platform.alerts.AlertRequest;
import cn.anxin.platform.alerts.AlertStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Alerts raised as a rule raises them: through the alert store, a processed device event behind each. */
public final class TestAlerts {

  private static final AtomicLong SEQ = new AtomicLong();

  private TestAlerts() {}

  /** Raises (or adds to) the elder's open alert of {@code rule} at {@code at}, zone bathroom; its id. */
  public static long raise(DataSource db, long elderId, String deviceId, String rule, String severity, Instant at)
      throws SQLException {
    try (Connection c = db.getConnection()) {
      long event;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO device_event (device_id, msg_id, kind, event_time,"
          + " event_offset_minutes, received_at, payload, processed_at) VALUES (?, ?, 'FALL', ?, 480, ?, '{}', ?)"
          + " RETURNING id")) {
        s.setString(1, deviceId);
        s.setString(2, "alert-" + SEQ.incrementAndGet() + "-" + System.nanoTime());
        s.setTimestamp(3, Timestamp.from(at));
        s.setTimestamp(4, Timestamp.from(at));
        s.setTimestamp(5, Timestamp.from(at));
        try (ResultSet r = s.executeQuery()) {
          r.next();
          event = r.getLong(1);
        }
      }
      return new AlertStore().raise(c, new AlertRequest(elderId, rule, severity, event, deviceId, at,
          Optional.of("bathroom")), at).alertId();
    }
  }
}
