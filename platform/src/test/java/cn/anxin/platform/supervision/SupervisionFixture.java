package cn.anxin.platform.supervision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Writes the registry and alert facts the supervision indicators are computed from, row by row
 * as the platform would have stored them: sites, elders with status periods and assessments,
 * devices, alerts with their transitions, consent records and audit rows.
 */
final class SupervisionFixture {

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final DataSource db;

  SupervisionFixture(DataSource db) {
    this.db = db;
  }

  long site(String kind, String areaCode, Double lon, Double lat) throws SQLException {
    return site(kind, areaCode, lon, lat, null, null);
  }

  long site(String kind, String areaCode, Double lon, Double lat, Integer beds, Integer nursingBeds)
      throws SQLException {
    return insert("INSERT INTO site (code, name, kind, area_code, lon, lat, beds, nursing_beds)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "S" + SEQUENCE.incrementAndGet(), kind + " " + areaCode, kind, areaCode, lon, lat, beds, nursingBeds);
  }

  long elder(long siteId, String areaCode, Double lon, Double lat, String living, String... categories)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO elder (code, name, site_id, area_code, lon, lat,"
            + " living_arrangement, categories) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setString(1, "E" + SEQUENCE.incrementAndGet());
      s.setString(2, "老人" + SEQUENCE.get());
      s.setLong(3, siteId);
      s.setString(4, areaCode);
      s.setObject(5, lon);
      s.setObject(6, lat);
      s.setString(7, living);
      s.setArray(8, c.createArrayOf("text", categories));
      return single(s);
    }
  }

  void status(long elderId, String status, LocalDate from) throws SQLException {
    insert("INSERT INTO elder_status (elder_id, status, from_date) VALUES (?, ?, ?) RETURNING id",
        elderId, status, from);
  }

  void assessment(long elderId, int score, LocalDate on, LocalDate nextDue) throws SQLException {
    insert("INSERT INTO ability_assessment (elder_id, score, assessed_on, assessor, next_due)"
        + " VALUES (?, ?, ?, '评估员', ?) RETURNING id", elderId, score, on, nextDue);
  }

  String device(String kind, Long elderId, long siteId, boolean online, Instant lastSeen) throws SQLException {
    String id = kind.toLowerCase().replace('_', '-') + "-" + SEQUENCE.incrementAndGet();
    insert("INSERT INTO device (id, kind, secret_hash, elder_id, site_id, online, last_seen_at)"
        + " VALUES (?, ?, 'x', ?, ?, ?, ?) RETURNING 1", id, kind, elderId, siteId, online,
        lastSeen == null ? null : Timestamp.from(lastSeen));
    return id;
  }

  long account(String role, long siteId) throws SQLException {
    long id = insert("INSERT INTO account (username, display_name, role, password_hash) VALUES (?, ?, ?, 'x')"
        + " RETURNING id", "acct" + SEQUENCE.incrementAndGet(), "员工", role);
    insert("INSERT INTO account_site (account_id, site_id) VALUES (?, ?) RETURNING 1", id, siteId);
    return id;
  }

  /** An alert raised at {@code raised}; the other moves are optional offsets from it. */
  long alert(long elderId, String deviceId, String rule, String severity, Instant raised, Duration acknowledged,
      Duration onSite, Duration closed, String closedAs, String disposition) throws SQLException {
    Instant raisedAt = raised.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    long event = insert("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
        + " received_at, payload, processed_at) VALUES (?, ?, ?, ?, 480, ?, '{}'::jsonb, now()) RETURNING id",
        deviceId, "m" + SEQUENCE.incrementAndGet(), rule, Timestamp.from(raisedAt), Timestamp.from(raisedAt));
    String status = closed != null ? closedAs : onSite != null ? "ON_SITE" : acknowledged != null ? "ACKNOWLEDGED" : "OPEN";
    long alert = insert("INSERT INTO alert (elder_id, rule, severity, status, raised_at, event_time, last_event_at,"
        + " cause_event_id, device_id, acknowledged_at, closed_at, disposition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " RETURNING id", elderId, rule, severity, status, Timestamp.from(raisedAt), Timestamp.from(raisedAt),
        Timestamp.from(raisedAt), event, deviceId, at(raisedAt, acknowledged), at(raisedAt, closed),
        closed == null ? null : disposition);
    move(alert, null, "OPEN", raisedAt, null);
    String from = "OPEN";
    if (acknowledged != null) {
      move(alert, from, "ACKNOWLEDGED", raisedAt.plus(acknowledged), null);
      from = "ACKNOWLEDGED";
    }
    if (onSite != null) {
      move(alert, from, "ON_SITE", raisedAt.plus(onSite), null);
      from = "ON_SITE";
    }
    if (closed != null) {
      move(alert, from, closedAs, raisedAt.plus(closed), disposition);
    }
    return alert;
  }

  void consent(long elderId, String purpose, boolean granted) throws SQLException {
    insert("INSERT INTO consent_record (elder_id, purpose, granted, method) VALUES (?, ?, ?, 'WRITTEN') RETURNING id",
        elderId, purpose, granted);
  }

  void audit(String role, Instant at, long... elderIds) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO access_audit (at, role, action, elder_ids, purpose)"
            + " VALUES (?, ?, 'ELDER_READ', ?, 'care')")) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setString(2, role);
      s.setArray(3, c.createArrayOf("bigint", java.util.Arrays.stream(elderIds).boxed().toArray()));
      s.executeUpdate();
    }
  }

  private void move(long alert, String from, String to, Instant at, String disposition) throws SQLException {
    insert("INSERT INTO alert_transition (alert_id, from_status, to_status, at, disposition) VALUES (?, ?, ?, ?, ?)"
        + " RETURNING id", alert, from, to, Timestamp.from(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
        disposition);
  }

  private static Timestamp at(Instant raised, Duration after) {
    return after == null ? null : Timestamp.from(raised.plus(after));
  }

  /** Runs an insert ending in RETURNING and gives its first column. */
  long insert(String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return single(s);
    }
  }

  private static long single(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }
}
