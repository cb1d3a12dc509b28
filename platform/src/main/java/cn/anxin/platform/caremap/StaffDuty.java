package cn.anxin.platform.caremap;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A staff member's own duty state ({@code GET} and {@code PUT /api/me/duty}): on or off duty and
 * where they are. A report replaces the previous one whole: a position is never carried over from an
 * earlier report (it would look fresh under the new time), and none is kept off duty.
 */
final class StaffDuty {

  private static final String UPSERT =
      "INSERT INTO staff_duty (account_id, on_duty, lon, lat, updated_at) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id) DO UPDATE SET on_duty = EXCLUDED.on_duty, lon = EXCLUDED.lon,"
          + " lat = EXCLUDED.lat, updated_at = EXCLUDED.updated_at"
          + " RETURNING on_duty, lon, lat, updated_at";

  private final Clock clock;

  StaffDuty(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /** The duty state of an account; off duty without a position when it never reported. */
  JsonObject read(Connection c, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT on_duty, lon, lat, updated_at FROM staff_duty WHERE account_id = ?")) {
      s.setLong(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? json(r) : new JsonObject().put("onDuty", false).putNull("location").putNull("updatedAt");
      }
    }
  }

  /** Stores a report ({@code onDuty}, optional {@code location}) stamped with the clock; answers it as stored. */
  JsonObject report(Connection c, long accountId, JsonObject body) throws SQLException {
    boolean onDuty = body.getBoolean("onDuty");
    JsonObject location = onDuty ? body.getJsonObject("location") : null;
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setLong(1, accountId);
      s.setBoolean(2, onDuty);
      if (location == null) {
        s.setNull(3, Types.DOUBLE);
        s.setNull(4, Types.DOUBLE);
      } else {
        s.setDouble(3, location.getDouble("lon"));
        s.setDouble(4, location.getDouble("lat"));
      }
      s.setObject(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return json(r);
      }
    }
  }

  private static JsonObject json(ResultSet r) throws SQLException {
    double lon = r.getDouble("lon");
    boolean noLon = r.wasNull();
    double lat = r.getDouble("lat");
    boolean placed = !noLon && !r.wasNull();
    Instant updatedAt = r.getTimestamp("updated_at").toInstant();
    return new JsonObject()
        .put("onDuty", r.getBoolean("on_duty"))
        .put("location", placed ? GeoJson.point(lon, lat) : null)
        .put("updatedAt", updatedAt.toString());
  }
}
