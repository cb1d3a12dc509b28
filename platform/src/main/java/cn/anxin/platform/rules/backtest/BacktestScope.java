package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The elders a backtest covers: those the caller may see (a supervisor: the elders of their
 * sites), not erased, at the site asked for (by responsible site) and among the elders asked for.
 * A site the caller may not see is 404, as one that does not exist; elder ids out of scope are
 * left out, as unknown ones are.
 */
final class BacktestScope {

  private BacktestScope() {}

  static List<Long> elders(Connection c, Principal p, BacktestRequest request) throws SQLException {
    if (request.siteId().isPresent()) {
      requireVisibleSite(c, p, request.siteId().get());
    }
    StringBuilder sql = new StringBuilder("SELECT e.id FROM elder e WHERE e.erased_at IS NULL AND ")
        .append(Scope.elders(p, "e"));
    if (request.siteId().isPresent()) {
      sql.append(" AND e.site_id = ").append(request.siteId().get().longValue());
    }
    if (!request.elderIds().isEmpty()) {
      sql.append(" AND e.id = ANY (?)");
    }
    sql.append(" ORDER BY e.id");
    List<Long> elders = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      if (!request.elderIds().isEmpty()) {
        s.setArray(1, c.createArrayOf("bigint", request.elderIds().toArray()));
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          elders.add(r.getLong(1));
        }
      }
    }
    return elders;
  }

  private static void requireVisibleSite(Connection c, Principal p, long siteId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM site s WHERE s.id = ? AND "
        + Scope.siteId(p, "s.id"))) {
      s.setLong(1, siteId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
      }
    }
  }
}
