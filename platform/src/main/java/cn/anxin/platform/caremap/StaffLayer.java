package cn.anxin.platform.caremap;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The staff layer: staff and supervisors on duty with a known position. Staff and supervisors see
 * the colleagues of their own sites, the bureau and administrators everyone, family members no one
 * (the layer is refused to them before it gets here).
 */
final class StaffLayer {

  private static final String SELECT =
      "SELECT a.id, a.display_name, a.role, d.lon, d.lat, d.updated_at,"
          + " EXISTS (SELECT 1 FROM alert o WHERE o.assignee_id = a.id AND o.is_open) AS busy"
          + " FROM staff_duty d JOIN account a ON a.id = d.account_id"
          + " WHERE d.on_duty AND a.enabled AND a.role IN ('STAFF', 'SUPERVISOR')"
          + " AND d.lon IS NOT NULL AND d.lat IS NOT NULL";

  private StaffLayer() {}

  /**
   * Writes the features of the staff the query selects.
   *
   * @param staleBefore positions reported before this instant are marked stale
   */
  static void write(Connection c, Principal p, MapQuery q, Instant staleBefore, GeoJsonWriter out)
      throws SQLException, IOException {
    SqlFilter staff = new SqlFilter().add(scope(p));
    if (q.siteId() != null) {
      staff.add("EXISTS (SELECT 1 FROM account_site x WHERE x.account_id = a.id AND x.site_id = ?)", q.siteId());
    }
    if (q.area() != null) {
      staff.add("EXISTS (SELECT 1 FROM account_site x JOIN site s ON s.id = x.site_id"
          + " WHERE x.account_id = a.id AND s.area_code LIKE ?)", q.area() + "%");
    }
    if (q.bbox() != null) {
      q.bbox().restrict(staff, "d.lon", "d.lat");
    }
    try (PreparedStatement s = c.prepareStatement(SELECT + " AND " + staff.sql() + " ORDER BY a.id")) {
      SqlFilter.bind(s, 1, staff.params());
      try (ResultSet r = s.executeQuery()) {
        JsonGenerator json = out.json();
        while (r.next()) {
          long id = r.getLong("id");
          Instant updatedAt = r.getTimestamp("updated_at").toInstant();
          out.pointFeature("staff-" + id, r.getDouble("lon"), r.getDouble("lat"));
          json.writeStringField("layer", MapLayer.STAFF.wireName());
          json.writeNumberField("accountId", id);
          json.writeStringField("displayName", r.getString("display_name"));
          json.writeStringField("role", r.getString("role"));
          json.writeBooleanField("onDuty", true);
          json.writeStringField("updatedAt", updatedAt.toString());
          json.writeBooleanField("stale", updatedAt.isBefore(staleBefore));
          json.writeBooleanField("busy", r.getBoolean("busy"));
          out.endFeature();
        }
      }
    }
  }

  /** Staff who share a site with the caller; everyone for the bureau and administrators. */
  static String scope(Principal p) {
    return p.role().readsAll() ? "TRUE"
        : "EXISTS (SELECT 1 FROM account_site x WHERE x.account_id = a.id AND " + Scope.siteId(p, "x.site_id") + ")";
  }
}
