package cn.anxin.platform.rules.config;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/** Elder look-ups the configuration API needs: which ids exist, which a reader may see. */
final class ConfigReaders {

  private ConfigReaders() {}

  /** The ids among these that name registered elders not erased. */
  static Set<Long> existing(Connection c, Set<Long> ids) throws SQLException {
    return select(c, "SELECT e.id FROM elder e WHERE e.id = ANY (?) AND e.erased_at IS NULL", ids);
  }

  /** The ids among these that name elders the reader may see. */
  static Set<Long> visible(Connection c, Principal p, Set<Long> ids) throws SQLException {
    if (ids.isEmpty() || p.role().readsAll()) {
      return ids;
    }
    return select(c, "SELECT e.id FROM elder e WHERE e.id = ANY (?) AND " + Scope.elders(p, "e"), ids);
  }

  private static Set<Long> select(Connection c, String sql, Set<Long> ids) throws SQLException {
    Set<Long> found = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      Array array = c.createArrayOf("bigint", ids.toArray());
      s.setArray(1, array);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(r.getLong(1));
        }
      }
    }
    return found;
  }
}
