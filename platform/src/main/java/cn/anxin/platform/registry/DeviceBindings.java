package cn.anxin.platform.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Device to elder and site look-ups, inside the caller's transaction. */
public final class DeviceBindings {

  private static final String FIND =
      "SELECT id, kind, elder_id, site_id, room FROM device WHERE id = ?";
  private static final String SEEN =
      "UPDATE device SET last_seen_at = GREATEST(last_seen_at, ?),"
          + " battery = COALESCE(?, battery), firmware = COALESCE(?, firmware) WHERE id = ?";

  public Optional<DeviceBinding> find(Connection c, String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FIND)) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new DeviceBinding(
            r.getString("id"),
            r.getString("kind"),
            Optional.ofNullable((Long) r.getObject("elder_id", Long.class)),
            Optional.ofNullable((Long) r.getObject("site_id", Long.class)),
            Optional.ofNullable(r.getString("room"))));
      }
    }
  }

  /** Records that the device was heard from, with what it said of itself. */
  public void seen(Connection c, String deviceId, java.time.Instant at, Integer battery, String firmware)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SEEN)) {
      s.setTimestamp(1, java.sql.Timestamp.from(at));
      if (battery == null) {
        s.setNull(2, java.sql.Types.SMALLINT);
      } else {
        s.setShort(2, battery.shortValue());
      }
      s.setString(3, firmware);
      s.setString(4, deviceId);
      s.executeUpdate();
    }
  }
}
