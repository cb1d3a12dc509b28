package cn.anxin.platform.care;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The elders the care services act on, within the caller's scope, and who may be sent to them. */
final class CareElders {

  /** An elder as the care services need it: name and responsible site. */
  record Elder(long id, String name, Long siteId) {}

  private CareElders() {}

  /** The (unerased) elder, if the caller may see it; else empty, as for an elder that does not exist. */
  static Optional<Elder> visible(Connection c, Principal p, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT e.id, e.name, e.site_id FROM elder e"
        + " WHERE e.id = ? AND e.erased_at IS NULL AND " + Scope.elders(p, "e"))) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Elder(r.getLong(1), r.getString(2), r.getObject(3, Long.class)))
            : Optional.empty();
      }
    }
  }

  /** Whether the account is an enabled staff member or supervisor of the site. */
  static boolean isSiteStaff(Connection c, long accountId, Long siteId) throws SQLException {
    if (siteId == null) {
      return false;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM account a JOIN account_site x ON x.account_id = a.id"
        + " WHERE a.id = ? AND a.enabled AND a.role IN ('STAFF', 'SUPERVISOR') AND x.site_id = ?")) {
      s.setLong(1, accountId);
      s.setLong(2, siteId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Whether the alert is one of the elder's. */
  static boolean alertOf(Connection c, long alertId, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM alert WHERE id = ? AND elder_id = ?")) {
      s.setLong(1, alertId);
      s.setLong(2, elderId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
