package cn.anxin.gateway.command;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code device_command} table as the gateway uses it: blocking calls, run on workers. */
public final class CommandStore {

  private final DataSource dataSource;

  public CommandStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Pending commands of these devices, oldest first, not past their deadline. */
  List<PendingCommand> pending(Collection<String> deviceIds, Instant now) throws SQLException {
    if (deviceIds.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT id, device_id, name, args::text, deadline FROM device_command"
                + " WHERE status = 'PENDING' AND deadline > ? AND device_id = ANY (?)"
                + " ORDER BY created_at LIMIT 500")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setArray(2, c.createArrayOf("text", deviceIds.toArray()));
      try (ResultSet r = s.executeQuery()) {
        List<PendingCommand> commands = new ArrayList<>();
        while (r.next()) {
          commands.add(new PendingCommand(r.getObject(1, UUID.class), r.getString(2), r.getString(3),
              r.getString(4), r.getTimestamp(5).toInstant()));
        }
        return commands;
      }
    }
  }

  /** Moves a command on if it is still in one of the expected states; true when it moved. */
  boolean advance(UUID id, String from, String to, String timeColumn, String detail, Instant at)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE device_command SET status = ?, " + timeColumn
            + " = ?, detail = COALESCE(?, detail) WHERE id = ? AND status = ANY (string_to_array(?, ','))")) {
      s.setString(1, to);
      s.setTimestamp(2, Timestamp.from(at));
      s.setString(3, detail);
      s.setObject(4, id);
      s.setString(5, from);
      return s.executeUpdate() == 1;
    }
  }

  /** Every open command past its deadline times out; returns how many. */
  int expire(Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "UPDATE device_command SET status = 'TIMED_OUT', completed_at = ?,"
                + " detail = COALESCE(detail, CASE status WHEN 'PENDING' THEN 'device not reachable'"
                + " ELSE 'no result from the device' END)"
                + " WHERE status IN ('PENDING', 'SENT', 'DELIVERED') AND deadline <= ?")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setTimestamp(2, Timestamp.from(now));
      return s.executeUpdate();
    }
  }
}
