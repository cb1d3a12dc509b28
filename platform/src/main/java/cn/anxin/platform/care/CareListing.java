package cn.anxin.platform.care;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reading care records (visits, work orders) one by id or a page at a time, the same way for
 * both: the caller's scope is already in the SQL, the filter's values are bound in order, and the
 * page says which elders it shows (for the access audit) and how many there are in all.
 */
final class CareListing {

  /** A page of records, the elders they are about, and the total without paging. */
  record Page(JsonArray items, Set<Long> elderIds, long total) {}

  /** One record as the API shows it. */
  @FunctionalInterface
  interface RowJson {
    JsonObject json(ResultSet r) throws SQLException;
  }

  private CareListing() {}

  static Optional<JsonObject> one(Connection c, String sql, long id, RowJson json) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(json.json(r)) : Optional.empty();
      }
    }
  }

  /**
   * @param countSql counts the filtered records
   * @param pageSql selects them, ordered, ending in {@code LIMIT ? OFFSET ?}
   * @param values the filter's values, bound in this order in both statements
   */
  static Page page(Connection c, String countSql, String pageSql, List<Object> values, int limit, int offset,
      RowJson json) throws SQLException {
    long total;
    try (PreparedStatement s = c.prepareStatement(countSql)) {
      bind(s, values);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    JsonArray items = new JsonArray();
    Set<Long> elders = new LinkedHashSet<>();
    try (PreparedStatement s = c.prepareStatement(pageSql)) {
      bind(s, values);
      s.setInt(values.size() + 1, limit);
      s.setInt(values.size() + 2, offset);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          items.add(json.json(r));
          elders.add(r.getLong("elder_id"));
        }
      }
    }
    return new Page(items, elders, total);
  }

  private static void bind(PreparedStatement s, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      s.setObject(i + 1, values.get(i));
    }
  }
}
