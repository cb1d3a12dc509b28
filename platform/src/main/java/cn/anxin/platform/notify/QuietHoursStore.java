package cn.anxin.platform.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** The table {@code contact_quiet_hours}: at most one quiet period per family contact. */
public final class QuietHoursStore {

  private static final String SELECT = "SELECT starts, ends, zone FROM contact_quiet_hours WHERE contact_id = ?";
  private static final String UPSERT = "INSERT INTO contact_quiet_hours (contact_id, starts, ends, zone, updated_at,"
      + " updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (contact_id) DO UPDATE SET starts = EXCLUDED.starts,"
      + " ends = EXCLUDED.ends, zone = EXCLUDED.zone, updated_at = EXCLUDED.updated_at,"
      + " updated_by = EXCLUDED.updated_by";

  public Optional<QuietHours> of(Connection c, long contactId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT)) {
      s.setLong(1, contactId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new QuietHours(r.getTime("starts").toLocalTime(), r.getTime("ends").toLocalTime(),
            ZoneId.of(r.getString("zone"))));
      }
    }
  }

  /** Sets the contact's quiet hours; {@code by} is the account setting them, or null. */
  public void put(Connection c, long contactId, QuietHours hours, Long by, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setLong(1, contactId);
      s.setTime(2, Time.valueOf(hours.starts()));
      s.setTime(3, Time.valueOf(hours.ends()));
      s.setString(4, hours.zone().getId());
      s.setTimestamp(5, Timestamp.from(now));
      if (by == null) {
        s.setNull(6, Types.BIGINT);
      } else {
        s.setLong(6, by);
      }
      s.executeUpdate();
    }
  }

  /** Removes the contact's quiet hours; whether there were any. */
  public boolean remove(Connection c, long contactId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM contact_quiet_hours WHERE contact_id = ?")) {
      s.setLong(1, contactId);
      return s.executeUpdate() > 0;
    }
  }
}
