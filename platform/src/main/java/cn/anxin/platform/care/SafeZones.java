package cn.anxin.platform.care;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The elder_safe_zone table, in the caller's transaction. */
public final class SafeZones {

  private static final String SELECT = "SELECT id, name, shape, anchor, lon, lat, radius_m, polygon::text, created_at"
      + " FROM elder_safe_zone WHERE elder_id = ? ORDER BY id";

  private SafeZones() {}

  /** The elder's zones as geometry (what the wandering rule asks). */
  public static List<SafeZone> forElder(Connection c, long elderId) throws SQLException {
    List<SafeZone> zones = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SELECT)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          SafeZone.Shape shape = SafeZone.Shape.valueOf(r.getString("shape"));
          zones.add(new SafeZone(r.getLong("id"), r.getString("name"), shape, r.getDouble("lon"),
              r.getDouble("lat"), r.getInt("radius_m"),
              shape == SafeZone.Shape.POLYGON ? ring(new JsonObject(r.getString(8))) : List.of()));
        }
      }
    }
    return zones;
  }

  /** The elder's zones as the API shows them. */
  static JsonArray json(Connection c, long elderId) throws SQLException {
    JsonArray zones = new JsonArray();
    try (PreparedStatement s = c.prepareStatement(SELECT)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          JsonObject zone = new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
              .put("shape", r.getString("shape"));
          if ("CIRCLE".equals(r.getString("shape"))) {
            zone.put("anchor", r.getString("anchor"))
                .put("center", new JsonObject().put("lon", r.getDouble("lon")).put("lat", r.getDouble("lat")))
                .put("radiusM", r.getInt("radius_m"));
          } else {
            zone.put("polygon", new JsonObject(r.getString(8)));
          }
          zones.add(zone.put("createdAt", r.getTimestamp("created_at").toInstant().toString()));
        }
      }
    }
    return zones;
  }

  /** A zone to store: a circle (anchor, centre, radius) or a polygon (GeoJSON). */
  record Draft(String name, String shape, String anchor, Double lon, Double lat, Integer radiusM,
      JsonObject polygon) {}

  /** Replaces the elder's zones. */
  static void replace(Connection c, long elderId, List<Draft> drafts, long accountId, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM elder_safe_zone WHERE elder_id = ?")) {
      s.setLong(1, elderId);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO elder_safe_zone (elder_id, name, shape, anchor, lon,"
        + " lat, radius_m, polygon, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
      for (Draft d : drafts) {
        s.setLong(1, elderId);
        s.setString(2, d.name());
        s.setString(3, d.shape());
        s.setString(4, d.anchor());
        s.setObject(5, d.lon());
        s.setObject(6, d.lat());
        s.setObject(7, d.radiusM());
        s.setString(8, d.polygon() == null ? null : d.polygon().encode());
        s.setLong(9, accountId);
        s.setTimestamp(10, Timestamp.from(now));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static List<double[]> ring(JsonObject polygon) {
    JsonArray outer = polygon.getJsonArray("coordinates").getJsonArray(0);
    List<double[]> ring = new ArrayList<>();
    for (int i = 0; i < outer.size(); i++) {
      JsonArray position = outer.getJsonArray(i);
      ring.add(new double[] {position.getDouble(0), position.getDouble(1)});
    }
    return ring;
  }
}
