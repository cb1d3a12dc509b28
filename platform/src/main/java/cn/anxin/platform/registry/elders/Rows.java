package cn.anxin.platform.registry.elders;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/** Database values as JSON values. */
final class Rows {

  private Rows() {}

  /** A text[] as a JSON array (empty for NULL). */
  static JsonArray texts(Array array) throws SQLException {
    JsonArray json = new JsonArray();
    if (array != null) {
      for (Object o : (Object[]) array.getArray()) {
        json.add(String.valueOf(o));
      }
    }
    return json;
  }

  static String instant(Timestamp at) {
    return at == null ? null : at.toInstant().toString();
  }

  /** An account named by id and display name, or null when the column is NULL. */
  static JsonObject account(ResultSet r, int idColumn, int nameColumn) throws SQLException {
    long id = r.getLong(idColumn);
    if (r.wasNull()) {
      return null;
    }
    return new JsonObject().put("id", id).put("displayName", r.getString(nameColumn));
  }
}
