package cn.anxin.platform.command;

import cn.anxin.gateway.decode.EventBody;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Closes a command with the device's answer, if it is the device's own and still open. */
public final class CommandResults {

  private static final String CLOSE =
      "UPDATE device_command SET status = ?, completed_at = ?, detail = COALESCE(?, detail)"
          + " WHERE id = ? AND device_id = ? AND status IN ('PENDING', 'SENT', 'DELIVERED')";

  /** True when the command was open and is now SUCCEEDED or FAILED. */
  public boolean apply(Connection c, String deviceId, EventBody.CommandResult result, Instant at)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLOSE)) {
      s.setString(1, result.ok() ? "SUCCEEDED" : "FAILED");
      s.setTimestamp(2, Timestamp.from(at));
      s.setString(3, result.detail().orElse(null));
      s.setObject(4, UUID.fromString(result.cmdId()));
      s.setString(5, deviceId);
      return s.executeUpdate() == 1;
    }
  }
}
