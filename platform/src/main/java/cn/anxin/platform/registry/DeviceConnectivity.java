package cn.anxin.platform.registry;

import cn.anxin.gateway.decode.EventBody;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Keeps {@code device.online} current from the gateway's connectivity events, newest wins. */
public final class DeviceConnectivity {

  private static final String UPDATE =
      "UPDATE device SET online = ?, connectivity_changed_at = ?, offline_reason = ?"
          + " WHERE id = ? AND (connectivity_changed_at IS NULL OR connectivity_changed_at <= ?)";

  /** Applies the change; false when a newer one was already recorded. */
  public boolean apply(Connection c, String deviceId, EventBody.Connectivity change, Instant at)
      throws SQLException {
    boolean online = change.state() == EventBody.ConnectivityState.ONLINE;
    try (PreparedStatement s = c.prepareStatement(UPDATE)) {
      s.setBoolean(1, online);
      s.setTimestamp(2, Timestamp.from(at));
      s.setString(3, online ? null : change.reason());
      s.setString(4, deviceId);
      s.setTimestamp(5, Timestamp.from(at));
      return s.executeUpdate() == 1;
    }
  }
}
