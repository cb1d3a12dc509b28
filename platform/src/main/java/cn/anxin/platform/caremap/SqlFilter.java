package cn.anxin.platform.caremap;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conditions joined by AND with their parameters in order, for queries built from optional filters. */
final class SqlFilter {

  private final List<String> conditions = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();

  /** Adds a condition and the values of its {@code ?} placeholders. */
  SqlFilter add(String condition, Object... values) {
    conditions.add(condition);
    params.addAll(Arrays.asList(values));
    return this;
  }

  /** The conditions, or TRUE when there are none. */
  String sql() {
    return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
  }

  List<Object> params() {
    return List.copyOf(params);
  }

  /** Binds values from parameter index {@code from}; returns the next free index. */
  static int bind(PreparedStatement s, int from, List<Object> values) throws SQLException {
    int i = from;
    for (Object value : values) {
      s.setObject(i++, value);
    }
    return i;
  }
}
