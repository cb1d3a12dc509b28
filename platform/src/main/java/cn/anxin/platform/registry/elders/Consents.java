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

/**
 * Consent records (PIPL art. 29): given or withdrawn, appended, never overwritten. Consent to notify
 * a family contact is mirrored on the contact ({@code notify_consent}) for the notifier's look-up.
 * A family member may withdraw the notification consent of their own contact, and nothing else.
 */
final class Consents {

  static final String NOTIFY_FAMILY = "NOTIFY_FAMILY";
  static final String ELECTRONIC = "ELECTRONIC";

  private static final String SELECT = "SELECT cr.id, cr.contact_id, ec.name, cr.purpose, cr.granted, cr.method,"
      + " cr.evidence, cr.recorded_by, a.display_name, cr.recorded_at FROM consent_record cr"
      + " LEFT JOIN elder_contact ec ON ec.id = cr.contact_id LEFT JOIN account a ON a.id = cr.recorded_by"
      + " WHERE cr.elder_id = ?";

  private Consents() {}

  /** The history, newest first; a family member gets the records of their own contact only. */
  static JsonArray list(Connection c, long elderId, Principal viewer) throws SQLException {
    String sql = SELECT;
    Long own = null;
    if (viewer.role() == Role.FAMILY) {
      own = Contacts.linkedTo(c, elderId, viewer.accountId());
      if (own == null) {
        return new JsonArray();
      }
      sql += " AND cr.contact_id = ?";
    }
    JsonArray all = new JsonArray();
    try (PreparedStatement s = c.prepareStatement(sql + " ORDER BY cr.recorded_at DESC, cr.id DESC")) {
      s.setLong(1, elderId);
      if (own != null) {
        s.setLong(2, own);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(json(r));
        }
      }
    }
    return all;
  }

  /** Appends a record (the elder row is locked by the caller); returns it. */
  static JsonObject record(Connection c, long elderId, JsonObject body, Principal by) throws SQLException {
    Long contactId = body.getLong("contactId");
    String purpose = body.getString("purpose");
    boolean granted = body.getBoolean("granted");
    String method = body.getString("method");
    if (by.role() == Role.FAMILY) {
      Long own = Contacts.linkedTo(c, elderId, by.accountId());
      if (own == null || !own.equals(contactId) || !NOTIFY_FAMILY.equals(purpose) || granted) {
        throw ApiProblem.of(403, "elder.consent-family-withdraw-only");
      }
      if (method != null && !ELECTRONIC.equals(method)) {
        throw ApiProblem.invalid(FieldError.of("/body/method", "elder.consent-family-electronic"));
      }
      method = ELECTRONIC;
    } else if (method == null) {
      throw ApiProblem.invalid(FieldError.of("/body/method", "field.required"));
    }
    if (contactId != null && !belongs(c, elderId, contactId)) {
      throw ApiProblem.invalid(
          FieldError.of("/body/contactId", "elder.contact-unknown", String.valueOf(contactId)));
    }
    long id;
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO consent_record (elder_id, contact_id, purpose, granted, method, evidence, recorded_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, elderId);
      if (contactId == null) {
        s.setNull(2, Types.BIGINT);
      } else {
        s.setLong(2, contactId);
      }
      s.setString(3, purpose);
      s.setBoolean(4, granted);
      s.setString(5, method);
      s.setString(6, body.getString("evidence"));
      s.setLong(7, by.accountId());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        id = r.getLong(1);
      }
    }
    if (contactId != null && NOTIFY_FAMILY.equals(purpose)) {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE elder_contact SET notify_consent = ? WHERE id = ? AND elder_id = ?")) {
        s.setBoolean(1, granted);
        s.setLong(2, contactId);
        s.setLong(3, elderId);
        s.executeUpdate();
      }
    }
    try (PreparedStatement s = c.prepareStatement(SELECT + " AND cr.id = ?")) {
      s.setLong(1, elderId);
      s.setLong(2, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return json(r);
      }
    }
  }

  private static boolean belongs(Connection c, long elderId, long contactId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM elder_contact WHERE id = ? AND elder_id = ?")) {
      s.setLong(1, contactId);
      s.setLong(2, elderId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static JsonObject json(ResultSet r) throws SQLException {
    long contact = r.getLong(2);
    boolean hasContact = !r.wasNull();
    return new JsonObject()
        .put("id", r.getLong(1))
        .put("contactId", hasContact ? contact : null)
        .put("contactName", r.getString(3))
        .put("purpose", r.getString(4))
        .put("granted", r.getBoolean(5))
        .put("method", r.getString(6))
        .put("evidence", r.getString(7))
        .put("recordedBy", Rows.account(r, 8, 9))
        .put("recordedAt", Rows.instant(r.getTimestamp(10)));
  }
}
