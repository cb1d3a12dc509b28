package cn.anxin.platform.registry.elders;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.IdCards;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One elder in full: identity (the ID card masked, or in clear when revealed), residence, categories,
 * risk tier, responsible site, current status, latest assessment and contacts; with the kinds of
 * personal data it shows, for the access audit.
 */
final class ElderView {

  /** The kinds of personal data a detail carries, for the access audit; "idCard" is added when revealed. */
  static final List<String> FIELDS = List.of("name", "sex", "birthDate", "idCardMasked", "phone", "address",
      "areaCode", "grid", "location", "livingArrangement", "categories", "riskTier", "status", "assessment",
      "contacts");

  /** A detail and the fields it shows. */
  record Shown(JsonObject json, List<String> fields) {}

  private final IdCardVault vault;

  ElderView(IdCardVault vault) {
    this.vault = vault;
  }

  Shown detail(Connection c, Principal viewer, long elderId, LocalDate today, Locale locale, boolean reveal)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT e.id, e.code, e.name, e.sex, e.birth_date, e.id_card_last4, e.id_card_cipher, e.id_card_key,"
            + " e.phone, e.address, e.area_code, e.grid, e.lon, e.lat, e.living_arrangement, e.categories,"
            + " e.risk_tier, e.site_id, st.code, st.name, e.created_at, e.updated_at, e.erased_at"
            + " FROM elder e LEFT JOIN site st ON st.id = e.site_id WHERE e.id = ?")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        LocalDate birth = r.getObject(5, LocalDate.class);
        JsonObject json = new JsonObject()
            .put("id", r.getLong(1))
            .put("code", r.getString(2))
            .put("name", r.getString(3))
            .put("sex", r.getString(4))
            .put("birthDate", Dates.text(birth))
            .put("age", ElderAge.of(birth, today))
            .put("idCardMasked", IdCards.mask(r.getString(6)));
        List<String> fields = new ArrayList<>(FIELDS);
        byte[] cipher = r.getBytes(7);
        if (reveal && cipher != null) {
          json.put("idCard", vault.open(cipher, r.getString(8)));
          fields.add("idCard");
        }
        double lon = r.getDouble(13);
        boolean located = !r.wasNull();
        json.put("phone", r.getString(9))
            .put("address", r.getString(10))
            .put("areaCode", r.getString(11))
            .put("grid", r.getString(12))
            .put("location", located ? new JsonObject().put("lon", lon).put("lat", r.getDouble(14)) : null)
            .put("livingArrangement", r.getString(15))
            .put("categories", Rows.texts(r.getArray(16)))
            .put("riskTier", r.getString(17));
        long siteId = r.getLong(18);
        json.put("site", r.wasNull() ? null
            : new JsonObject().put("id", siteId).put("code", r.getString(19)).put("name", r.getString(20)));
        Optional<JsonObject> period = StatusPeriods.covering(c, elderId, today);
        json.put("status", period.map(p -> p.getString("status")).orElse(StatusPeriods.ACTIVE))
            .put("statusPeriod", period.orElse(null))
            .put("latestAssessment", Assessments.latest(c, elderId, today, locale))
            .put("contacts", Contacts.list(c, elderId, viewer))
            .put("createdAt", Rows.instant(r.getTimestamp(21)))
            .put("updatedAt", Rows.instant(r.getTimestamp(22)));
        Timestamp erased = r.getTimestamp(23);
        if (erased != null) {
          json.put("erasedAt", Rows.instant(erased));
        }
        return new Shown(json, List.copyOf(fields));
      }
    }
  }

  /** The elder's ID card in clear, or null when none is stored (to check a changed sex or birth date). */
  String idCard(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id_card_cipher, id_card_key FROM elder WHERE id = ?")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        byte[] cipher = r.getBytes(1);
        return cipher == null ? null : vault.open(cipher, r.getString(2));
      }
    }
  }
}
