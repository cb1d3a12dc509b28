package cn.anxin.platform.caremap;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The elders layer of the care map, in one SQL query whatever the number of elders: each elder's
 * open alerts, devices and current status period come from lateral aggregates, and the map status
 * is decided in SQL (see {@link MapStatus} for the precedence), so filtering by it happens there too.
 * Erased and deceased elders are left out; no identity number or phone is read.
 */
final class ElderLayer {

  /** The ids of the elders written as features (for the access audit), and how many had no point. */
  record Result(List<Long> elderIds, int unplaced) {}

  /** Mirrors the order of {@link MapStatus}. */
  private static final String MAP_STATUS =
      "CASE WHEN al.worst IS NOT NULL THEN 'ALERT_' || al.worst"
          + " WHEN dv.offline > 0 THEN 'DEVICE_OFFLINE'"
          + " WHEN st.status = 'HOSPITAL' THEN 'HOSPITAL'"
          + " WHEN st.status = 'AWAY' THEN 'AWAY'"
          + " ELSE 'FINE' END";

  private static final String SELECT =
      "SELECT e.id, e.name, e.site_id, e.risk_tier, e.living_arrangement, e.lon, e.lat,"
          + " al.open_alerts, dv.total AS devices, dv.offline AS offline_devices, " + MAP_STATUS + " AS map_status"
          + " FROM elder e"
          + " CROSS JOIN LATERAL (SELECT count(*) AS open_alerts, min(a.severity) AS worst"
          + "   FROM alert a WHERE a.elder_id = e.id AND a.is_open) al"
          + " CROSS JOIN LATERAL (SELECT count(*) AS total, count(*) FILTER (WHERE NOT d.online) AS offline"
          + "   FROM device d WHERE d.elder_id = e.id AND d.enabled) dv"
          + " LEFT JOIN LATERAL (SELECT s.status FROM elder_status s"
          + "   WHERE s.elder_id = e.id AND s.from_date <= ? AND (s.to_date IS NULL OR s.to_date >= ?)"
          + "   ORDER BY s.from_date DESC, s.id DESC LIMIT 1) st ON true";

  /** An elder is gone from the map from the day a DECEASED period starts. */
  static final String NOT_DECEASED =
      "NOT EXISTS (SELECT 1 FROM elder_status x WHERE x.elder_id = e.id AND x.status = 'DECEASED'"
          + " AND x.from_date <= ?)";

  private ElderLayer() {}

  /** Writes the features of the elders the query selects; answers whom it wrote and how many had no point. */
  static Result write(Connection c, Principal p, MapQuery q, LocalDate today, GeoJsonWriter out)
      throws SQLException, IOException {
    SqlFilter elders = new SqlFilter()
        .add("e.erased_at IS NULL")
        .add(NOT_DECEASED, today)
        .add(Scope.elders(p, "e"));
    if (q.area() != null) {
      elders.add("e.area_code LIKE ?", q.area() + "%");
    }
    if (q.siteId() != null) {
      elders.add("e.site_id = ?", q.siteId());
    }
    if (q.bbox() != null) {
      // Elders without a point are kept, to be counted as unplaced.
      elders.add("(e.lon IS NULL OR e.lat IS NULL OR " + q.bbox().condition("e.lon", "e.lat") + ")",
          q.bbox().params());
    }
    String sql = "SELECT * FROM (" + SELECT + " WHERE " + elders.sql() + ") m"
        + (q.statuses().isEmpty() ? "" : " WHERE m.map_status = ANY (?)")
        + " ORDER BY m.id";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, today);
      s.setObject(2, today);
      int next = SqlFilter.bind(s, 3, elders.params());
      if (!q.statuses().isEmpty()) {
        Array statuses = c.createArrayOf("text", q.statuses().stream().map(Enum::name).toArray());
        s.setArray(next, statuses);
      }
      s.setFetchSize(2_000);
      try (ResultSet r = s.executeQuery()) {
        return writeRows(r, out);
      }
    }
  }

  private static Result writeRows(ResultSet r, GeoJsonWriter out) throws SQLException, IOException {
    List<Long> ids = new ArrayList<>();
    int unplaced = 0;
    JsonGenerator json = out.json();
    while (r.next()) {
      double lon = r.getDouble("lon");
      boolean noLon = r.wasNull();
      double lat = r.getDouble("lat");
      if (noLon || r.wasNull()) {
        unplaced++;
        continue;
      }
      long id = r.getLong("id");
      ids.add(id);
      out.pointFeature("elder-" + id, lon, lat);
      json.writeStringField("layer", MapLayer.ELDERS.wireName());
      json.writeNumberField("id", id);
      json.writeStringField("name", r.getString("name"));
      GeoJsonWriter.numberOrNull(json, "siteId", (Long) r.getObject("site_id"));
      json.writeStringField("riskTier", r.getString("risk_tier"));
      json.writeStringField("livingArrangement", r.getString("living_arrangement"));
      json.writeStringField("mapStatus", r.getString("map_status"));
      json.writeNumberField("openAlerts", r.getInt("open_alerts"));
      json.writeObjectFieldStart("devices");
      json.writeNumberField("total", r.getInt("devices"));
      json.writeNumberField("offline", r.getInt("offline_devices"));
      json.writeEndObject();
      out.endFeature();
    }
    return new Result(ids, unplaced);
  }
}
