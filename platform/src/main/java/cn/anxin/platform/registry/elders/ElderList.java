package cn.anxin.platform.registry.elders;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.privacy.IdCards;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** One page of the elders a caller may see, with the current status and latest ability level of each. */
final class ElderList {

  /** The kinds of personal data a list item carries, for the access audit. */
  static final List<String> FIELDS = List.of("name", "sex", "birthDate", "idCardMasked", "areaCode",
      "livingArrangement", "categories", "riskTier", "status", "abilityLevel");

  /** A page: its items, how many match in all, and the ids of the elders in it. */
  record Page(JsonArray items, long total, List<Long> elderIds) {}

  private static final String FROM = " FROM elder e LEFT JOIN site s ON s.id = e.site_id"
      + " LEFT JOIN LATERAL (SELECT x.status FROM elder_status x WHERE x.elder_id = e.id AND x.from_date <= ?"
      + " AND (x.to_date IS NULL OR x.to_date >= ?) ORDER BY x.from_date DESC, x.id DESC LIMIT 1) st ON true";

  private ElderList() {}

  static Page query(Connection c, Principal p, ElderFilter filter, LocalDate today, int limit, int offset)
      throws SQLException {
    String where = " WHERE " + Scope.elders(p, "e")
        + (p.role() == Role.ADMIN ? "" : " AND e.erased_at IS NULL") + filter.where();
    long total;
    try (PreparedStatement s = c.prepareStatement("SELECT count(*)" + FROM + where)) {
      bind(s, today, filter);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    JsonArray items = new JsonArray();
    List<Long> ids = new ArrayList<>();
    String sql = "SELECT e.id, e.code, e.name, e.sex, e.birth_date, e.site_id, s.name, e.area_code,"
        + " e.living_arrangement, e.categories, e.risk_tier, e.id_card_last4, e.erased_at,"
        + " COALESCE(st.status, 'ACTIVE'),"
        + " (SELECT a.level FROM ability_assessment a WHERE a.elder_id = e.id"
        + " ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1)"
        + FROM + where + " ORDER BY e.id LIMIT ? OFFSET ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int next = bind(s, today, filter);
      s.setInt(next, limit);
      s.setInt(next + 1, offset);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
          items.add(item(r, today));
        }
      }
    }
    return new Page(items, total, ids);
  }

  private static JsonObject item(ResultSet r, LocalDate today) throws SQLException {
    LocalDate birth = r.getObject(5, LocalDate.class);
    long siteId = r.getLong(6);
    boolean hasSite = !r.wasNull();
    JsonObject item = new JsonObject()
        .put("id", r.getLong(1))
        .put("code", r.getString(2))
        .put("name", r.getString(3))
        .put("sex", r.getString(4))
        .put("birthDate", Dates.text(birth))
        .put("age", ElderAge.of(birth, today))
        .put("idCardMasked", IdCards.mask(r.getString(12)))
        .put("site", hasSite ? new JsonObject().put("id", siteId).put("name", r.getString(7)) : null)
        .put("areaCode", r.getString(8))
        .put("livingArrangement", r.getString(9))
        .put("categories", Rows.texts(r.getArray(10)))
        .put("riskTier", r.getString(11))
        .put("status", r.getString(14))
        .put("abilityLevel", r.getString(15));
    Timestamp erased = r.getTimestamp(13);
    if (erased != null) {
      item.put("erasedAt", erased.toInstant().toString());
    }
    return item;
  }

  private static int bind(PreparedStatement s, LocalDate today, ElderFilter filter) throws SQLException {
    s.setObject(1, today);
    s.setObject(2, today);
    int i = 3;
    for (Object param : filter.params()) {
      s.setObject(i++, param);
    }
    return i;
  }
}
