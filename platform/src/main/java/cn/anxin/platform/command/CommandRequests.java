package cn.anxin.platform.command;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Commands to devices as the API creates and reads them ({@code device_command}). */
public final class CommandRequests {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  /** Stores a new PENDING command; empty when the device is not registered. */
  public Optional<UUID> create(Connection c, String deviceId, String name, JsonObject args, Duration timeout,
      Instant now, String requestedBy) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO device_command (id, device_id, name, args, created_at, deadline, requested_by)"
            + " SELECT ?, id, ?, ?::jsonb, ?, ?, ? FROM device WHERE id = ?")) {
      s.setObject(1, id);
      s.setString(2, name);
      s.setString(3, args.encode());
      s.setTimestamp(4, Timestamp.from(now));
      s.setTimestamp(5, Timestamp.from(now.plus(timeout)));
      s.setString(6, requestedBy);
      s.setString(7, deviceId);
      return s.executeUpdate() == 1 ? Optional.of(id) : Optional.empty();
    }
  }

  public Optional<JsonObject> find(Connection c, String deviceId, UUID id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, device_id, name, args::text, status, detail, created_at, deadline, sent_at,"
            + " delivered_at, completed_at FROM device_command WHERE id = ? AND device_id = ?")) {
      s.setObject(1, id);
      s.setString(2, deviceId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new JsonObject()
            .put("id", r.getString("id"))
            .put("deviceId", r.getString("device_id"))
            .put("name", r.getString("name"))
            .put("args", new JsonObject(r.getString(4)))
            .put("status", r.getString("status"))
            .put("detail", r.getString("detail"))
            .put("createdAt", instant(r, "created_at"))
            .put("deadline", instant(r, "deadline"))
            .put("sentAt", instant(r, "sent_at"))
            .put("deliveredAt", instant(r, "delivered_at"))
            .put("completedAt", instant(r, "completed_at")));
      }
    }
  }

  private static String instant(ResultSet r, String column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toInstant().toString();
  }
}
