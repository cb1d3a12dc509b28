package cn.anxin.platform.privacy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the access audit, newest first: who read which elders' data, when, what and why. Every
 * filter is optional; {@code from} is inclusive and {@code to} exclusive.
 */
public final class AuditQuery {

  /** The filters and the page. */
  public record Filter(Optional<Long> elderId, Optional<Long> accountId, Optional<String> action,
      Optional<Instant> from, Optional<Instant> to, int limit, int offset) {}

  private static final String SELECT = "SELECT a.id, a.at, a.account_id, acc.username, a.role, a.action,"
      + " a.elder_ids, a.fields, a.purpose, a.client_ip"
      + " FROM access_audit a LEFT JOIN account acc ON acc.id = a.account_id";

  private AuditQuery() {}

  /** The rows matching the filter, as the API answers them. */
  public static JsonArray find(Connection c, Filter f) throws SQLException {
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    f.elderId().ifPresent(id -> add(where, args, "a.elder_ids @> ARRAY[?]::bigint[]", id));
    f.accountId().ifPresent(id -> add(where, args, "a.account_id = ?", id));
    f.action().ifPresent(action -> add(where, args, "a.action = ?", action));
    f.from().ifPresent(at -> add(where, args, "a.at >= ?", Timestamp.from(at)));
    f.to().ifPresent(at -> add(where, args, "a.at < ?", Timestamp.from(at)));
    String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?";
    args.add(f.limit());
    args.add(f.offset());
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        s.setObject(i + 1, args.get(i));
      }
      try (ResultSet r = s.executeQuery()) {
        JsonArray rows = new JsonArray();
        while (r.next()) {
          rows.add(row(r));
        }
        return rows;
      }
    }
  }

  private static JsonObject row(ResultSet r) throws SQLException {
    Long accountId = r.getObject("account_id", Long.class);
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("at", r.getTimestamp("at").toInstant().toString())
        .put("account", new JsonObject()
            .put("id", accountId)
            .put("username", r.getString("username"))
            .put("role", r.getString("role")))
        .put("action", r.getString("action"))
        .put("elderIds", array(r.getArray("elder_ids")))
        .put("fields", array(r.getArray("fields")))
        .put("purpose", r.getString("purpose"))
        .put("clientIp", r.getString("client_ip"));
  }

  private static JsonArray array(Array array) throws SQLException {
    JsonArray items = new JsonArray();
    if (array != null) {
      for (Object item : (Object[]) array.getArray()) {
        items.add(item);
      }
    }
    return items;
  }

  private static void add(List<String> where, List<Object> args, String condition, Object arg) {
    where.add(condition);
    args.add(arg);
  }
}
