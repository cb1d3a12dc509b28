package cn.anxin.platform.registry.elders;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An elder the caller may see, found by id. An elder outside the caller's scope, or erased (for
 * anyone but an administrator), is "not found", exactly like an id that does not exist.
 */
record ScopedElder(long id, Long siteId, boolean erased) {

  /** The elder, for reading. */
  static ScopedElder find(Connection c, Principal p, long elderId) throws SQLException {
    return load(c, p, elderId, false);
  }

  /**
   * The elder, locked until the transaction ends so that concurrent changes to its periods,
   * contacts and consents are serialised; an erased elder is not changed any more (409).
   */
  static ScopedElder forChange(Connection c, Principal p, long elderId) throws SQLException {
    ScopedElder elder = load(c, p, elderId, true);
    if (elder.erased()) {
      throw ApiProblem.conflict("elder.erased");
    }
    return elder;
  }

  private static ScopedElder load(Connection c, Principal p, long elderId, boolean lock) throws SQLException {
    String sql = "SELECT e.id, e.site_id, e.erased_at IS NOT NULL FROM elder e WHERE e.id = ? AND "
        + Scope.elders(p, "e")
        + (p.role() == Role.ADMIN ? "" : " AND e.erased_at IS NULL")
        + (lock ? " FOR UPDATE" : "");
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        long site = r.getLong(2);
        return new ScopedElder(r.getLong(1), r.wasNull() ? null : site, r.getBoolean(3));
      }
    }
  }
}
