package cn.anxin.platform.privacy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Set;

/**
 * Result rows as JSON for the subject access export: column names in camelCase, timestamps as
 * RFC 3339 instants, dates as ISO dates, arrays as arrays, jsonb as JSON. Binary columns
 * ({@code bytea}: ciphertext, hashes, secrets) are never written, nor any column named in
 * {@code omit}.
 */
final class JsonRows {

  private JsonRows() {}

  /** Every remaining row of the result. */
  static JsonArray all(ResultSet r, Set<String> omit) throws SQLException {
    JsonArray rows = new JsonArray();
    while (r.next()) {
      rows.add(row(r, omit));
    }
    return rows;
  }

  /** The current row. */
  static JsonObject row(ResultSet r, Set<String> omit) throws SQLException {
    ResultSetMetaData meta = r.getMetaData();
    JsonObject json = new JsonObject();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String column = meta.getColumnLabel(i);
      String type = meta.getColumnTypeName(i).toLowerCase(Locale.ROOT);
      if (omit.contains(column) || type.equals("bytea")) {
        continue;
      }
      json.put(camel(column), value(r, i, type));
    }
    return json;
  }

  private static Object value(ResultSet r, int i, String type) throws SQLException {
    Object v = r.getObject(i);
    if (v == null) {
      return null;
    }
    return switch (type) {
      case "timestamptz", "timestamp" -> ((Timestamp) v).toInstant().toString();
      case "date" -> r.getDate(i).toLocalDate().toString();
      case "json", "jsonb" -> json(r.getString(i));
      default -> {
        if (v instanceof Array array) {
          JsonArray items = new JsonArray();
          for (Object item : (Object[]) array.getArray()) {
            items.add(item);
          }
          yield items;
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof String) {
          yield v;
        }
        yield String.valueOf(v);
      }
    };
  }

  private static Object json(String text) {
    String t = text.strip();
    if (t.startsWith("{")) {
      return new JsonObject(t);
    }
    if (t.startsWith("[")) {
      return new JsonArray(t);
    }
    return t;
  }

  /** {@code id_card_last4} becomes {@code idCardLast4}. */
  static String camel(String column) {
    StringBuilder out = new StringBuilder(column.length());
    boolean upper = false;
    for (char ch : column.toCharArray()) {
      if (ch == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return out.toString();
  }
}
