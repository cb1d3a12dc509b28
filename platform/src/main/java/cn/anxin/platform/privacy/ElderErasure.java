package cn.anxin.platform.privacy;

import cn.anxin.platform.access.Sessions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Erasure of an elder's personal data by anonymisation (PIPL art. 47), in the caller's transaction.
 * What identifies the elder goes; what the bureau counts stays, no longer linked to a person:
 * <ul>
 *   <li>elder: name becomes {@value #ERASED_NAME}, code {@code ERASED-<id>}; ID card (cipher, key,
 *       hash, last four), phone, address, grid and geo point removed; birth date cut to 1 January of
 *       its year and the area code to its county (6 digits); sex, responsible site, living
 *       arrangement, categories and risk tier kept; {@code erased_at} set;</li>
 *   <li>contacts deleted (their consent records keep only ids, purpose, decision, method and
 *       dates: the evidence text goes); a family account left with no elder is disabled and signed
 *       out; notes of status periods removed;</li>
 *   <li>a home (site of kind HOME) tied to no other living record is anonymised and deactivated;</li>
 *   <li>devices unbound (binding history closed and kept, the device stays at its site);</li>
 *   <li>meal swipes: the credential id of every swipe made with a credential the elder used becomes
 *       null; location fixes of the elder's devices lose their coordinates;</li>
 *   <li>alerts, alert events, assessments, status periods and the access audit are kept;</li>
 *   <li>care services ({@link cn.anxin.platform.care.CareErasure}): safe zones deleted, the free text
 *       of visits and work orders replaced, the rows kept.</li>
 * </ul>
 */
public final class ElderErasure {

  /** The name an erased elder keeps. */
  public static final String ERASED_NAME = "已删除";

  /** The kinds of personal data an erasure removes, as written to the access audit. */
  public static final List<String> FIELDS = List.of("name", "idCard", "phone", "address", "location",
      "grid", "birthDate", "contacts", "credentials");

  /** How an erasure ended. */
  public enum Outcome { ERASED, NOT_FOUND, CONFIRMATION_MISMATCH, OPEN_ALERTS }

  /** The outcome and what was changed. */
  public record Result(Outcome outcome, int contacts, int devices, int swipes, int locations, int homes) {
    static Result of(Outcome outcome) {
      return new Result(outcome, 0, 0, 0, 0, 0);
    }
  }

  private static final String LOCK =
      "SELECT code FROM elder WHERE id = ? AND erased_at IS NULL FOR UPDATE";
  private static final String OPEN_ALERTS = "SELECT count(*) FROM alert WHERE elder_id = ? AND is_open";
  private static final String ELDER_EVENT = "(" + ElderEvents.IN_ALERTS + " OR " + ElderEvents.WHILE_BOUND + ")";
  private static final String SWIPES = "WITH own AS (SELECT DISTINCT de.payload #>> '{credential,type}' AS type,"
      + " de.payload #>> '{credential,id}' AS id FROM device_event de"
      + " WHERE de.kind = 'MEAL_SWIPE' AND " + ELDER_EVENT + " AND de.payload #>> '{credential,id}' IS NOT NULL)"
      + " UPDATE device_event de SET payload = jsonb_set(de.payload, '{credential,id}', 'null'::jsonb)"
      + " FROM own WHERE de.kind = 'MEAL_SWIPE' AND de.payload #>> '{credential,id}' = own.id"
      + " AND de.payload #>> '{credential,type}' IS NOT DISTINCT FROM own.type";
  /** Meal assistance (docs/meals.md): the card numbers of swipes recorded for the elder, and their credentials. */
  private static final String MEAL_SWIPES = "UPDATE device_event de"
      + " SET payload = jsonb_set(de.payload, '{credential,id}', 'null'::jsonb) FROM meal_record r"
      + " WHERE r.event_id = de.id AND r.elder_id = ? AND de.payload #>> '{credential,id}' IS NOT NULL";
  private static final String MEAL_CREDENTIALS = "UPDATE meal_credential SET id_hash = sha256(int8send(id)),"
      + " last4 = '****', revoked_at = coalesce(revoked_at, ?), revoke_reason = coalesce(revoke_reason, 'OTHER')"
      + " WHERE elder_id = ?";
  private static final String MEAL_RECORDS = "UPDATE meal_record SET credential_last4 = '****' WHERE elder_id = ?";
  private static final String MEAL_LEAVE = "UPDATE meal_leave SET reason = NULL WHERE elder_id = ?";
  private static final String MEAL_FLAG_NOTES = "UPDATE meal_flag SET review_note = '—'"
      + " WHERE elder_id = ? AND review_note IS NOT NULL";
  private static final String LOCATIONS = "UPDATE device_event de"
      + " SET payload = de.payload || '{\"lat\": null, \"lon\": null, \"accuracyM\": null}'::jsonb"
      + " WHERE de.kind = 'LOCATION' AND jsonb_typeof(de.payload -> 'lat') = 'number' AND " + ELDER_EVENT;
  /** The typed copies of those fixes (docs/ARCHITECTURE.md, time-series store): a position is identifying. */
  private static final String READING_LOCATIONS = "DELETE FROM reading_location WHERE elder_id = ?";
  private static final String HOMES = "UPDATE site s SET name = ?, code = 'ERASED-S-' || s.id, address = NULL,"
      + " phone = NULL, lon = NULL, lat = NULL, owner_org = NULL, area_code = left(s.area_code, 6),"
      + " active = false, updated_at = ?"
      + " WHERE s.kind = 'HOME' AND s.id IN (SELECT site_id FROM elder WHERE id = ?"
      + " UNION SELECT site_id FROM device WHERE elder_id = ?"
      + " UNION SELECT site_id FROM device_binding WHERE elder_id = ?)"
      + " AND NOT EXISTS (SELECT 1 FROM elder o WHERE o.erased_at IS NULL AND o.id <> ? AND (o.site_id = s.id"
      + " OR o.id IN (SELECT elder_id FROM device WHERE site_id = s.id)"
      + " OR o.id IN (SELECT elder_id FROM device_binding WHERE site_id = s.id)))";
  private static final String HISTORY_OF_UNRECORDED = "INSERT INTO device_binding"
      + " (device_id, elder_id, site_id, room, from_at) SELECT d.id, d.elder_id, d.site_id, d.room, d.created_at"
      + " FROM device d WHERE d.elder_id = ? AND NOT EXISTS (SELECT 1 FROM device_binding b"
      + " WHERE b.device_id = d.id AND b.elder_id = d.elder_id AND b.to_at IS NULL)";
  private static final String CLOSE_BINDINGS =
      "UPDATE device_binding SET to_at = ? WHERE elder_id = ? AND to_at IS NULL";
  private static final String OPEN_UNBOUND = "INSERT INTO device_binding"
      + " (device_id, elder_id, site_id, room, from_at, bound_by) SELECT id, NULL, site_id, room, ?, ?"
      + " FROM device WHERE elder_id = ?";
  private static final String UNBIND = "UPDATE device SET elder_id = NULL WHERE elder_id = ?";
  private static final String CONSENT_EVIDENCE = "UPDATE consent_record SET evidence = NULL WHERE elder_id = ?";
  private static final String CONTACTS = "DELETE FROM elder_contact WHERE elder_id = ? RETURNING account_id";
  private static final String DISABLE_ORPHANED_FAMILY = "UPDATE account a SET enabled = false"
      + " WHERE a.id = ? AND a.role = 'FAMILY' AND a.enabled"
      + " AND NOT EXISTS (SELECT 1 FROM elder_contact c WHERE c.account_id = a.id)";
  private static final String STATUS_NOTES = "UPDATE elder_status SET note = NULL WHERE elder_id = ?";
  /** Free text written while handling the elder's alerts may name them or their family. */
  private static final String ALERT_NOTES = "UPDATE alert SET closing_note = NULL WHERE elder_id = ?";
  private static final String TRANSITION_NOTES = "UPDATE alert_transition t SET note = NULL"
      + " FROM alert a WHERE a.id = t.alert_id AND a.elder_id = ?";
  private static final String ELDER = "UPDATE elder SET name = ?, code = 'ERASED-' || id,"
      + " id_card_cipher = NULL, id_card_key = NULL, id_card_hash = NULL, id_card_last4 = NULL,"
      + " phone = NULL, address = NULL, grid = NULL, lon = NULL, lat = NULL,"
      + " birth_date = make_date(extract(year FROM birth_date)::int, 1, 1), area_code = left(area_code, 6),"
      + " erased_at = ?, updated_at = ? WHERE id = ?";

  private final Sessions sessions;

  public ElderErasure(Sessions sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /**
   * Erases the elder if the confirmation is the elder's code and no alert of the elder is open.
   *
   * @param confirmation the elder's code, typed by the administrator
   * @param by the account erasing, recorded on the new binding rows
   * @param now the time of the erasure
   */
  public Result erase(Connection c, long elderId, String confirmation, long by, Instant now) throws SQLException {
    String code = lockedCode(c, elderId);
    if (code == null) {
      return Result.of(Outcome.NOT_FOUND);
    }
    if (confirmation == null || !code.equals(confirmation.strip())) {
      return Result.of(Outcome.CONFIRMATION_MISMATCH);
    }
    if (count(c, OPEN_ALERTS, elderId) > 0) {
      return Result.of(Outcome.OPEN_ALERTS);
    }
    Timestamp at = Timestamp.from(now);
    int swipes = update(c, SWIPES, elderId, elderId, elderId, elderId);
    swipes += update(c, MEAL_SWIPES, elderId);
    update(c, MEAL_CREDENTIALS, at, elderId);
    update(c, MEAL_RECORDS, elderId);
    update(c, MEAL_LEAVE, elderId);
    update(c, MEAL_FLAG_NOTES, elderId);
    int locations = update(c, LOCATIONS, elderId, elderId, elderId, elderId);
    update(c, READING_LOCATIONS, elderId);
    int homes = update(c, HOMES, ERASED_NAME, at, elderId, elderId, elderId, elderId);
    update(c, HISTORY_OF_UNRECORDED, elderId);
    update(c, CLOSE_BINDINGS, at, elderId);
    update(c, OPEN_UNBOUND, at, by, elderId);
    int devices = update(c, UNBIND, elderId);
    update(c, CONSENT_EVIDENCE, elderId);
    int contacts = removeContacts(c, elderId);
    update(c, STATUS_NOTES, elderId);
    update(c, ALERT_NOTES, elderId);
    update(c, TRANSITION_NOTES, elderId);
    cn.anxin.platform.care.CareErasure.erase(c, elderId);
    update(c, ELDER, ERASED_NAME, at, at, elderId);
    return new Result(Outcome.ERASED, contacts, devices, swipes, locations, homes);
  }

  private int removeContacts(Connection c, long elderId) throws SQLException {
    List<Long> accounts = new ArrayList<>();
    int removed = 0;
    try (PreparedStatement s = c.prepareStatement(CONTACTS)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          removed++;
          long account = r.getLong(1);
          if (!r.wasNull()) {
            accounts.add(account);
          }
        }
      }
    }
    for (long account : accounts) {
      if (update(c, DISABLE_ORPHANED_FAMILY, account) == 1) {
        sessions.revokeAll(c, account);
      }
    }
    return removed;
  }

  private static String lockedCode(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LOCK)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static long count(Connection c, String sql, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    }
  }
}
