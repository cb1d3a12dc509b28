package cn.anxin.platform.registry.elders;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An elder's contacts: family, neighbours, the village doctor. A contact may be linked to a FAMILY
 * account, whose holder may then sign in and see this elder. Notification consent is not written
 * here but through consent records ({@link Consents}).
 *
 * <p>A family member sees their own contact in full and of the others only name, relation and
 * priority: the others' phone numbers and addresses are theirs to share, not the platform's.
 */
final class Contacts {

  private static final String SELECT = "SELECT ec.id, ec.name, ec.relation, ec.phone, ec.email, ec.channels,"
      + " ec.priority, ec.account_id, a.username, ec.notify_consent"
      + " FROM elder_contact ec LEFT JOIN account a ON a.id = ec.account_id WHERE ec.elder_id = ?";

  /** Body fields and their columns. */
  private static final Map<String, String> COLUMNS = Map.of(
      "name", "name", "relation", "relation", "phone", "phone", "email", "email",
      "channels", "channels", "priority", "priority", "familyUsername", "account_id");

  private Contacts() {}

  /** The elder's contacts by priority, as this caller may see them. */
  static JsonArray list(Connection c, long elderId, Principal viewer) throws SQLException {
    JsonArray all = new JsonArray();
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY ec.priority, ec.id")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(json(r, viewer));
        }
      }
    }
    return all;
  }

  /** One contact of this elder; 404 when the elder has no such contact. */
  static JsonObject one(Connection c, long elderId, long contactId, Principal viewer) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " AND ec.id = ?")) {
      s.setLong(1, elderId);
      s.setLong(2, contactId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return json(r, viewer);
      }
    }
  }

  /** Adds a contact; returns its id. */
  static long add(Connection c, long elderId, JsonObject body) throws SQLException {
    Map<String, Object> values = values(c, elderId, body, 0);
    values.putIfAbsent("channels", new String[0]);
    values.putIfAbsent("priority", 1);
    values.put("elder_id", elderId);
    String sql = "INSERT INTO elder_contact (" + String.join(", ", values.keySet()) + ") VALUES ("
        + values.keySet().stream().map(k -> "?").collect(Collectors.joining(", ")) + ") RETURNING id";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, values);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Changes a contact of this elder; 404 when the elder has no such contact. */
  static void update(Connection c, long elderId, long contactId, JsonObject body) throws SQLException {
    requireContact(c, elderId, contactId);
    Map<String, Object> values = values(c, elderId, body, contactId);
    String sql = "UPDATE elder_contact SET "
        + values.keySet().stream().map(k -> k + " = ?").collect(Collectors.joining(", "))
        + " WHERE id = ? AND elder_id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, values);
      s.setLong(values.size() + 1, contactId);
      s.setLong(values.size() + 2, elderId);
      s.executeUpdate();
    }
  }

  /** Removes a contact of this elder; its consent records stay, no longer naming it. */
  static void remove(Connection c, long elderId, long contactId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM elder_contact WHERE id = ? AND elder_id = ?")) {
      s.setLong(1, contactId);
      s.setLong(2, elderId);
      if (s.executeUpdate() == 0) {
        throw ApiProblem.notFound();
      }
    }
  }

  /** The contact of this elder linked to this account, if any. */
  static Long linkedTo(Connection c, long elderId, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id FROM elder_contact WHERE elder_id = ? AND account_id = ?")) {
      s.setLong(1, elderId);
      s.setLong(2, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  static void requireContact(Connection c, long elderId, long contactId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM elder_contact WHERE id = ? AND elder_id = ?")) {
      s.setLong(1, contactId);
      s.setLong(2, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
      }
    }
  }

  /** The columns a body writes, with a linked family account resolved and checked. */
  private static Map<String, Object> values(Connection c, long elderId, JsonObject body, long self)
      throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    List<FieldError> errors = new ArrayList<>();
    for (String field : body.fieldNames()) {
      Object v = body.getValue(field);
      switch (field) {
        case "channels" -> values.put("channels", ((JsonArray) v).stream().map(String::valueOf)
            .distinct().toArray(String[]::new));
        case "familyUsername" -> values.put("account_id", v == null ? null : familyAccount(c, (String) v, errors));
        case "name", "relation" -> values.put(COLUMNS.get(field), ((String) v).strip());
        default -> values.put(COLUMNS.get(field), v);
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    if (values.get("account_id") instanceof Long account) {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT 1 FROM elder_contact WHERE elder_id = ? AND account_id = ? AND id <> ?")) {
        s.setLong(1, elderId);
        s.setLong(2, account);
        s.setLong(3, self);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            throw ApiProblem.conflict("elder.contact-duplicate-account", body.getString("familyUsername"));
          }
        }
      }
    }
    return values;
  }

  /** The id of the FAMILY account with this username; a field error when there is none. */
  private static Long familyAccount(Connection c, String username, List<FieldError> errors) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM account WHERE username = ? AND role = ?")) {
      s.setString(1, username);
      s.setString(2, Role.FAMILY.name());
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return r.getLong(1);
        }
      }
    }
    errors.add(FieldError.of("/body/familyUsername", "elder.family-account-invalid", username));
    return null;
  }

  private static void bind(Connection c, PreparedStatement s, Map<String, Object> values) throws SQLException {
    int i = 1;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        s.setNull(i, e.getKey().equals("account_id") ? Types.BIGINT : Types.VARCHAR);
      } else if (v instanceof String[] texts) {
        s.setArray(i, c.createArrayOf("text", texts));
      } else {
        s.setObject(i, v);
      }
      i++;
    }
  }

  private static JsonObject json(ResultSet r, Principal viewer) throws SQLException {
    long accountId = r.getLong(8);
    boolean linked = !r.wasNull();
    JsonObject contact = new JsonObject()
        .put("id", r.getLong(1))
        .put("name", r.getString(2))
        .put("relation", r.getString(3))
        .put("priority", r.getInt(7));
    boolean own = linked && accountId == viewer.accountId();
    if (viewer.role() == Role.FAMILY && !own) {
      return contact;
    }
    return contact
        .put("phone", r.getString(4))
        .put("email", r.getString(5))
        .put("channels", Rows.texts(r.getArray(6)))
        .put("familyUsername", r.getString(9))
        .put("notifyConsent", r.getBoolean(10));
  }
}
