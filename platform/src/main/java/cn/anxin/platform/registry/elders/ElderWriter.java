package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.privacy.SealedIdCard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes elder rows: a new elder (with a generated code when none is given) or a change to one.
 * A number or code another elder already has is refused with 409 before anything is written.
 */
final class ElderWriter {

  /** The SQL type of each nullable column, for writing a null into it. */
  private static final Map<String, Integer> TYPES = Map.of(
      "birth_date", Types.DATE, "site_id", Types.BIGINT, "lon", Types.DOUBLE, "lat", Types.DOUBLE);

  private ElderWriter() {}

  /** Inserts a new elder; returns its id. */
  static long insert(Connection c, ElderChange change) throws SQLException {
    requireUnique(c, change, 0);
    long id = nextId(c);
    List<String> names = new ArrayList<>(List.of("id", "code"));
    List<Object> values = new ArrayList<>(List.of(id, change.code() != null ? change.code() : freeCode(c, id)));
    change.columns().forEach((column, value) -> {
      if (!column.equals("code")) {
        names.add(column);
        values.add(value);
      }
    });
    addIdCard(change.idCard(), names, values);
    String sql = "INSERT INTO elder (" + String.join(", ", names) + ") VALUES ("
        + names.stream().map(n -> "?").collect(Collectors.joining(", ")) + ")";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, names, values);
      s.executeUpdate();
    }
    return id;
  }

  /** Applies a change to an elder. */
  static void update(Connection c, long elderId, ElderChange change) throws SQLException {
    requireUnique(c, change, elderId);
    List<String> names = new ArrayList<>(change.columns().keySet());
    List<Object> values = new ArrayList<>(change.columns().values());
    addIdCard(change.idCard(), names, values);
    String sql = "UPDATE elder SET " + names.stream().map(n -> n + " = ?").collect(Collectors.joining(", "))
        + (names.isEmpty() ? "" : ", ") + "updated_at = now() WHERE id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, names, values);
      s.setLong(names.size() + 1, elderId);
      s.executeUpdate();
    }
  }

  private static void requireUnique(Connection c, ElderChange change, long self) throws SQLException {
    if (change.idCard() != null
        && exists(c, "SELECT 1 FROM elder WHERE id_card_hash = ? AND id <> ?", change.idCard().hash(), self)) {
      throw ApiProblem.conflict("elder.duplicate-id-card");
    }
    if (change.code() != null && exists(c, "SELECT 1 FROM elder WHERE code = ? AND id <> ?", change.code(), self)) {
      throw ApiProblem.conflict("elder.duplicate-code", change.code());
    }
  }

  private static void addIdCard(SealedIdCard sealed, List<String> names, List<Object> values) {
    if (sealed == null) {
      return;
    }
    names.addAll(List.of("id_card_cipher", "id_card_key", "id_card_hash", "id_card_last4"));
    values.addAll(List.of(sealed.cipher(), sealed.keyId(), sealed.hash(), sealed.last4()));
  }

  private static void bind(Connection c, PreparedStatement s, List<String> names, List<Object> values)
      throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      Object v = values.get(i);
      if (v == null) {
        s.setNull(i + 1, TYPES.getOrDefault(names.get(i), Types.VARCHAR));
      } else if (v instanceof String[] texts) {
        s.setArray(i + 1, c.createArrayOf("text", texts));
      } else if (v instanceof byte[] bytes) {
        s.setBytes(i + 1, bytes);
      } else if (v instanceof LocalDate date) {
        s.setObject(i + 1, date);
      } else {
        s.setObject(i + 1, v);
      }
    }
  }

  private static long nextId(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('elder', 'id'))");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  /** E-000123 after the elder's id; should an administrator have given that code to another, E-000123-2. */
  private static String freeCode(Connection c, long id) throws SQLException {
    String base = String.format("E-%06d", id);
    String code = base;
    for (int n = 2; exists(c, "SELECT 1 FROM elder WHERE code = ? AND id <> ?", code, id); n++) {
      code = base + "-" + n;
    }
    return code;
  }

  private static boolean exists(Connection c, String sql, Object key, long self) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, key);
      s.setLong(2, self);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
