package cn.anxin.platform.privacy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything stored about one elder, as one JSON document (PIPL art. 45: the right of access and
 * portability): the profile with the ID-card number in clear, assessments, status periods,
 * contacts, consent records, device bindings, alerts with their events, the device events of the
 * elder's devices of the last {@link #EVENT_DAYS} days, the access audit about the elder, and the
 * rows of any other table that references the elder (so a table added later is not silently left
 * out). Binary columns (ciphertext, hashes) are never written.
 */
public final class ElderExport {

  /** Device events of bound devices are exported for this many days back. */
  public static final int EVENT_DAYS = 90;
  /** At most this many device events, newest first; {@code truncated} says when more were left out. */
  public static final int MAX_EVENTS = 20_000;
  /** At most this many rows of the audit and of each other table. */
  public static final int MAX_ROWS = 10_000;

  static final String FORMAT = "anxin-elder-export/1";

  /** Tables this class exports with a section of their own. */
  private static final Set<String> KNOWN = Set.of("ability_assessment", "elder_status", "elder_contact",
      "consent_record", "device", "device_binding", "alert");

  private static final String ELDER = "SELECT e.*, s.code AS site_code, s.name AS site_name, s.kind AS site_kind"
      + " FROM elder e LEFT JOIN site s ON s.id = e.site_id WHERE e.id = ? AND e.erased_at IS NULL";
  private static final String BINDINGS = "SELECT b.id, b.device_id, d.kind AS device_kind, d.model AS device_model,"
      + " b.site_id, s.name AS site_name, b.room, b.from_at, b.to_at"
      + " FROM device_binding b JOIN device d ON d.id = b.device_id LEFT JOIN site s ON s.id = b.site_id"
      + " WHERE b.elder_id = ?"
      + " UNION ALL SELECT NULL::bigint, d.id, d.kind, d.model, d.site_id, s.name, d.room, d.created_at, NULL"
      + " FROM device d LEFT JOIN site s ON s.id = d.site_id WHERE d.elder_id = ? AND NOT EXISTS"
      + " (SELECT 1 FROM device_binding ob WHERE ob.device_id = d.id AND ob.elder_id = d.elder_id AND ob.to_at IS NULL)"
      + " ORDER BY from_at DESC";
  private static final String ALERTS = "SELECT a.*, ARRAY(SELECT ae.event_id FROM alert_event ae"
      + " WHERE ae.alert_id = a.id ORDER BY ae.event_id) AS event_ids"
      + " FROM alert a WHERE a.elder_id = ? ORDER BY a.raised_at DESC, a.id DESC";
  private static final String EVENTS = "SELECT de.id, de.device_id, de.kind, de.event_time, de.device_time,"
      + " de.time_flag, de.received_at, de.payload FROM device_event de WHERE " + ElderEvents.IN_ALERTS
      + " OR (de.event_time >= ? AND " + ElderEvents.NOT_TECHNICAL + " AND " + ElderEvents.WHILE_BOUND + ")"
      + " ORDER BY de.event_time DESC, de.id DESC LIMIT " + (MAX_EVENTS + 1);
  private static final String AUDIT = "SELECT at, role, action, fields, purpose FROM access_audit"
      + " WHERE elder_ids @> ARRAY[?]::bigint[] ORDER BY at DESC, id DESC LIMIT " + (MAX_ROWS + 1);
  /** The time-series store's hourly figures of the elder (no foreign key: partitioned tables). */
  private static final String HOURLY = "SELECT bucket, device_id, metric, samples, min_value, avg_value, max_value,"
      + " sum_value FROM reading_hourly WHERE elder_id = ? ORDER BY bucket DESC, device_id, metric LIMIT "
      + (MAX_ROWS + 1);
  private static final String REFERENCING = "SELECT n.nspname, cl.relname, a.attname FROM pg_constraint con"
      + " JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
      + " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]"
      + " WHERE con.contype = 'f' AND con.confrelid = 'elder'::regclass AND cardinality(con.conkey) = 1"
      + " ORDER BY cl.relname, a.attname";

  private static final Set<String> ELDER_OMIT = Set.of(
      "id_card_cipher", "id_card_key", "id_card_hash", "id_card_last4", "erased_at");
  private static final Set<String> NONE = Set.of();
  private static final Set<String> OMIT_ELDER_ID = Set.of("elder_id");

  private final IdCardVault vault;
  private final Clock clock;

  public ElderExport(IdCardVault vault, Clock clock) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The document; empty when there is no such elder or the elder was erased. */
  public Optional<JsonObject> of(Connection c, long elderId) throws SQLException {
    Optional<JsonObject> profile = profile(c, elderId);
    if (profile.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant eventsSince = now.minus(Duration.ofDays(EVENT_DAYS));
    JsonObject doc = new JsonObject()
        .put("format", FORMAT)
        .put("exportedAt", now.toString())
        .put("elderId", elderId)
        .put("elder", profile.get())
        .put("assessments", rows(c, "SELECT * FROM ability_assessment WHERE elder_id = ?"
            + " ORDER BY assessed_on DESC, id DESC", elderId, 1))
        .put("statusPeriods", rows(c, "SELECT * FROM elder_status WHERE elder_id = ?"
            + " ORDER BY from_date DESC, id DESC", elderId, 1))
        .put("contacts", rows(c, "SELECT * FROM elder_contact WHERE elder_id = ? ORDER BY priority, id",
            elderId, 1))
        .put("consentRecords", rows(c, "SELECT * FROM consent_record WHERE elder_id = ?"
            + " ORDER BY recorded_at DESC, id DESC", elderId, 1))
        .put("deviceBindings", rows(c, BINDINGS, elderId, 2))
        .put("alerts", rows(c, ALERTS, elderId, 1))
        .put("alertTransitions", rows(c, "SELECT t.* FROM alert_transition t JOIN alert a ON a.id = t.alert_id"
            + " WHERE a.elder_id = ? ORDER BY t.at, t.id", elderId, 1))
        .put("deviceEvents", events(c, elderId, eventsSince))
        .put("hourlyReadings", limited(c, HOURLY, elderId))
        .put("accessAudit", limited(c, AUDIT, elderId))
        .put("otherRecords", otherRecords(c, elderId));
    return Optional.of(doc);
  }

  private Optional<JsonObject> profile(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ELDER)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        JsonObject elder = JsonRows.row(r, ELDER_OMIT);
        byte[] cipher = r.getBytes("id_card_cipher");
        elder.put("idCard", cipher == null ? null : vault.open(cipher, r.getString("id_card_key")));
        return Optional.of(elder);
      }
    }
  }

  private static JsonArray rows(Connection c, String sql, long elderId, int parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 1; i <= parameters; i++) {
        s.setLong(i, elderId);
      }
      try (ResultSet r = s.executeQuery()) {
        return JsonRows.all(r, OMIT_ELDER_ID);
      }
    }
  }

  private static JsonObject events(Connection c, long elderId, Instant since) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(EVENTS)) {
      s.setLong(1, elderId);
      s.setLong(2, elderId);
      s.setTimestamp(3, Timestamp.from(since));
      s.setLong(4, elderId);
      s.setLong(5, elderId);
      try (ResultSet r = s.executeQuery()) {
        return truncated(JsonRows.all(r, NONE), MAX_EVENTS).put("since", since.toString());
      }
    }
  }

  private static JsonObject limited(Connection c, String sql, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        return truncated(JsonRows.all(r, NONE), MAX_ROWS);
      }
    }
  }

  /** The rows of tables added later that reference the elder, by table name. */
  private static JsonObject otherRecords(Connection c, long elderId) throws SQLException {
    List<String[]> references = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(REFERENCING); ResultSet r = s.executeQuery()) {
      while (r.next()) {
        if (!KNOWN.contains(r.getString(2))) {
          references.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
        }
      }
    }
    JsonObject other = new JsonObject();
    for (String[] ref : references) {
      boolean twice = references.stream().filter(x -> x[1].equals(ref[1])).count() > 1;
      String sql = "SELECT * FROM " + quoted(ref[0]) + "." + quoted(ref[1]) + " WHERE " + quoted(ref[2])
          + " = ? LIMIT " + (MAX_ROWS + 1);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setLong(1, elderId);
        try (ResultSet r = s.executeQuery()) {
          other.put(twice ? ref[1] + "." + ref[2] : ref[1], truncated(JsonRows.all(r, NONE), MAX_ROWS));
        }
      }
    }
    return other;
  }

  private static JsonObject truncated(JsonArray rows, int max) {
    boolean more = rows.size() > max;
    if (more) {
      rows.remove(rows.size() - 1);
    }
    return new JsonObject().put("truncated", more).put("items", rows);
  }

  /** An identifier from the catalogue, quoted for SQL. */
  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
