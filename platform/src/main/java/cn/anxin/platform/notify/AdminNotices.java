package cn.anxin.platform.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/** The table {@code admin_notice}: things an administrator must look at, written with the cause. */
public final class AdminNotices {

  /** The kinds of notice, as stored. */
  public enum Kind { NOTIFICATION_DEAD, NOTIFICATION_PLANNING_FAILED }

  private static final String INSERT =
      "INSERT INTO admin_notice (at, kind, outbox_id, alert_id, detail) VALUES (?, ?, ?, ?, ?)";
  private static final String RESOLVE =
      "UPDATE admin_notice SET resolved_at = ? WHERE outbox_id = ? AND resolved_at IS NULL";

  private AdminNotices() {}

  public static void raise(Connection c, Kind kind, Long outboxId, Long alertId, String detail, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setString(2, kind.name());
      setLong(s, 3, outboxId);
      setLong(s, 4, alertId);
      s.setString(5, Outbox.cut(detail, 1000));
      s.executeUpdate();
    }
  }

  /** Marks the open notices about an outbox row dealt with (it is being retried). */
  public static void resolve(Connection c, long outboxId, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(RESOLVE)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setLong(2, outboxId);
      s.executeUpdate();
    }
  }

  private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, value);
    }
  }
}
