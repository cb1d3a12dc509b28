package cn.anxin.platform.caremap;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The sites layer: care centres, institutions, meal stations, with how many elders each is
 * responsible for (neither erased nor deceased). Inactive sites are shown, marked inactive.
 */
final class SiteLayer {

  private static final String SELECT =
      "SELECT s.id, s.code, s.name, s.kind, s.active, s.lon, s.lat,"
          + " (SELECT count(*) FROM elder e WHERE e.site_id = s.id AND e.erased_at IS NULL AND "
          + ElderLayer.NOT_DECEASED + ") AS elders"
          + " FROM site s";

  private SiteLayer() {}

  /** Writes the features of the sites the query selects; answers how many matching sites had no point. */
  static int write(Connection c, Principal p, MapQuery q, LocalDate today, GeoJsonWriter out)
      throws SQLException, IOException {
    SqlFilter sites = new SqlFilter().add(Scope.sitesShown(p, "s"));
    if (q.area() != null) {
      sites.add("s.area_code LIKE ?", q.area() + "%");
    }
    if (q.siteId() != null) {
      sites.add("s.id = ?", q.siteId());
    }
    if (q.bbox() != null) {
      sites.add("(s.lon IS NULL OR s.lat IS NULL OR " + q.bbox().condition("s.lon", "s.lat") + ")",
          q.bbox().params());
    }
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE " + sites.sql() + " ORDER BY s.id")) {
      s.setObject(1, today);
      SqlFilter.bind(s, 2, sites.params());
      try (ResultSet r = s.executeQuery()) {
        JsonGenerator json = out.json();
        int unplaced = 0;
        while (r.next()) {
          double lon = r.getDouble("lon");
          boolean noLon = r.wasNull();
          double lat = r.getDouble("lat");
          if (noLon || r.wasNull()) {
            unplaced++;
            continue;
          }
          long id = r.getLong("id");
          out.pointFeature("site-" + id, lon, lat);
          json.writeStringField("layer", MapLayer.SITES.wireName());
          json.writeNumberField("id", id);
          json.writeStringField("code", r.getString("code"));
          json.writeStringField("name", r.getString("name"));
          json.writeStringField("kind", r.getString("kind"));
          json.writeNumberField("elders", r.getLong("elders"));
          json.writeBooleanField("active", r.getBoolean("active"));
          out.endFeature();
        }
        return unplaced;
      }
    }
  }
}
