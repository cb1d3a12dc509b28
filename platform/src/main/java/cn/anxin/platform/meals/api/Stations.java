package cn.anxin.platform.meals.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Which meal stations a caller may see: those among their sites (all for bureau and administrators). */
final class Stations {

  private Stations() {}

  /** The station's name when the caller may see it; else 404, as for a station that does not exist. */
  static String visible(Connection c, Principal p, long siteId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT s.name FROM site s WHERE s.id = ? AND s.kind = 'MEAL_STATION'"
        + " AND " + Scope.siteId(p, "s.id"))) {
      s.setLong(1, siteId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return r.getString(1);
      }
    }
  }

  static String iso(java.sql.Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }
}
