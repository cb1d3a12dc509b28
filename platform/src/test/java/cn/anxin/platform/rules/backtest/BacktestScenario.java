package cn.anxin.platform.rules.backtest;

import cn.anxin.gateway.auth.SecretHasher;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;

/**
 * Four hours of stored readings of three elders at two day-care centres, written straight into the
 * journal (already processed, so the running platform leaves them alone), and the alerts the rules
 * in force raised from them, closed as staff closed them:
 *
 * <ul>
 *   <li>elder 1 (centre A, radar bedroom): a heartbeat a minute; battery 18 at minute 60 and 17 until
 *       69 (LOW_BATTERY, closed REAL_EVENT), 60, then 19 from minute 130 (LOW_BATTERY again,
 *       FALSE_ALARM_DEVICE), 30, 22 at minute 180 (low only below 25), 30; a radar fall at minute
 *       100 (FALL, still OPEN);
 *   <li>elder 2 (centre A, radar bathroom): a heartbeat a minute; a suspected fall at minute 30
 *       (SUSPECTED_FALL, FALSE_ALARM_BEHAVIOUR); a suspected fall at minute 150 and stillness from
 *       30 s later, reported at 153:50 (SUSPECTED_FALL and FALL, both REAL_EVENT), movement at 155;
 *   <li>elder 3 (centre B, radar bedroom): a heartbeat a minute except minutes 100-119
 *       (DEVICE_OFFLINE at 102:01, DEVICE_FAULT); heart rate 140 in bed every 30 s from minute 200
 *       to 215 (ABNORMAL_VITALS from 205, 21 readings, REAL_EVENT).
 * </ul>
 */
final class BacktestScenario {

  /** Minute 0 of the scenario. */
  static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
  /** The scenario's range: minutes 0 to 240. */
  static final Instant FROM = T0;
  static final Instant TO = T0.plus(Duration.ofMinutes(240));

  private static final SecretHasher HASHER = new SecretHasher();

  long siteA;
  long siteB;
  long elder1;
  long elder2;
  long elder3;

  private final DataSource db;
  private int msg;

  BacktestScenario(DataSource db) {
    this.db = db;
  }

  BacktestScenario store(String prefix) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      siteA = site(c, prefix + "-A", "回测中心甲");
      siteB = site(c, prefix + "-B", "回测中心乙");
      elder1 = elder(c, prefix + "-E1", siteA);
      elder2 = elder(c, prefix + "-E2", siteA);
      elder3 = elder(c, prefix + "-E3", siteB);
      String r1 = prefix + "-r1";
      String r2 = prefix + "-r2";
      String r3 = prefix + "-r3";
      radar(c, r1, elder1, siteA, "bedroom");
      radar(c, r2, elder2, siteA, "bathroom");
      radar(c, r3, elder3, siteB, "bedroom");

      for (int m = 0; m < 240; m++) {
        event(c, r1, "HEARTBEAT", at(m, 0), new JsonObject().put("battery", battery1(m)));
        event(c, r2, "HEARTBEAT", at(m, 0), new JsonObject().put("battery", 80));
        if (m < 100 || m >= 120) {
          event(c, r3, "HEARTBEAT", at(m, 0), new JsonObject().put("battery", 90));
        }
      }
      long fall1 = event(c, r1, "FALL", at(100, 10), new JsonObject().put("confidence", 0.9));
      long suspected1 = event(c, r2, "SUSPECTED_FALL", at(30, 0), new JsonObject().put("zone", "bathroom"));
      long suspected2 = event(c, r2, "SUSPECTED_FALL", at(150, 0), new JsonObject().put("zone", "bathroom"));
      long dwell = event(c, r2, "DWELL", at(153, 50), new JsonObject().put("seconds", 200).put("zone", "bathroom"));
      event(c, r2, "PRESENCE", at(155, 0), new JsonObject().put("present", false));
      long firstAbnormal = 0;
      for (int s = 0; s <= 15 * 60; s += 30) {
        long id = event(c, r3, "VITALS", at(200, s), new JsonObject().put("heartRate", 140).put("breathingRate", 16)
            .put("inBed", true));
        if (s == 5 * 60) {
          firstAbnormal = id;
        }
      }
      long lastHeard = heartbeat(c, r3, at(99, 0));

      // What the rules in force raised, and how staff closed it.
      alert(c, elder1, "LOW_BATTERY", "P3", r1, heartbeat(c, r1, at(60, 0)), at(60, 0), at(60, 0), 1,
          "RESOLVED", "REAL_EVENT", at(75, 0));
      alert(c, elder1, "LOW_BATTERY", "P3", r1, heartbeat(c, r1, at(130, 0)), at(130, 0), at(130, 0), 1,
          "FALSE_ALARM", "FALSE_ALARM_DEVICE", at(140, 0));
      alert(c, elder1, "FALL", "P1", r1, fall1, at(100, 10), at(100, 10), 1, "OPEN", null, null);
      alert(c, elder2, "SUSPECTED_FALL", "P2", r2, suspected1, at(30, 0), at(30, 0), 1,
          "FALSE_ALARM", "FALSE_ALARM_BEHAVIOUR", at(35, 0));
      alert(c, elder2, "SUSPECTED_FALL", "P2", r2, suspected2, at(150, 0), at(150, 0), 1,
          "RESOLVED", "REAL_EVENT", at(170, 0));
      long fall2 = alert(c, elder2, "FALL", "P1", r2, suspected2, at(150, 0), at(153, 50), 2,
          "RESOLVED", "REAL_EVENT", at(170, 0));
      link(c, fall2, dwell);
      alert(c, elder3, "DEVICE_OFFLINE", "P3", r3, lastHeard, at(102, 1), at(102, 1), 1,
          "FALSE_ALARM", "DEVICE_FAULT", at(110, 0));
      alert(c, elder3, "ABNORMAL_VITALS", "P1", r3, firstAbnormal, at(205, 0), at(215, 0), 21,
          "RESOLVED", "REAL_EVENT", at(230, 0));
      c.commit();
    }
    return this;
  }

  /** Minute {@code m}, second {@code s} of the scenario. */
  static Instant at(int m, int s) {
    return T0.plus(Duration.ofMinutes(m)).plusSeconds(s);
  }

  private static int battery1(int m) {
    if (m == 60) {
      return 18;
    }
    if (m > 60 && m < 70) {
      return 17;
    }
    if (m >= 70 && m < 130) {
      return 60;
    }
    if (m >= 130 && m < 140) {
      return 19;
    }
    if (m == 180) {
      return 22;
    }
    return m < 60 ? 50 : 30;
  }

  private long event(Connection c, String device, String kind, Instant at, JsonObject fields) throws SQLException {
    String msgId = device + "-" + (++msg);
    JsonObject payload = fields.copy().put("msgId", msgId)
        .put("ts", at.atOffset(ZoneOffset.ofHours(8)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    try (PreparedStatement s = c.prepareStatement("INSERT INTO device_event (device_id, msg_id, kind, event_time,"
        + " event_offset_minutes, received_at, payload, processed_at, device_time, clock_skew_ms)"
        + " VALUES (?, ?, ?, ?, 480, ?, ?::jsonb, ?, ?, -1000) RETURNING id")) {
      s.setString(1, device);
      s.setString(2, msgId);
      s.setString(3, kind);
      s.setTimestamp(4, Timestamp.from(at));
      s.setTimestamp(5, Timestamp.from(at.plusSeconds(1)));
      s.setString(6, payload.encode());
      s.setTimestamp(7, Timestamp.from(at.plusSeconds(1)));
      s.setTimestamp(8, Timestamp.from(at));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long alert(Connection c, long elder, String rule, String severity, String device, long cause,
      Instant eventTime, Instant lastEventAt, int count, String status, String disposition, Instant closedAt)
      throws SQLException {
    long id;
    try (PreparedStatement s = c.prepareStatement("INSERT INTO alert (elder_id, rule, severity, status, raised_at,"
        + " event_time, last_event_at, event_count, cause_event_id, device_id, disposition, closed_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, elder);
      s.setString(2, rule);
      s.setString(3, severity);
      s.setString(4, status);
      s.setTimestamp(5, Timestamp.from(eventTime.plusSeconds(1)));
      s.setTimestamp(6, Timestamp.from(eventTime));
      s.setTimestamp(7, Timestamp.from(lastEventAt));
      s.setInt(8, count);
      s.setLong(9, cause);
      s.setString(10, device);
      s.setString(11, disposition);
      s.setTimestamp(12, closedAt == null ? null : Timestamp.from(closedAt));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        id = r.getLong(1);
      }
    }
    link(c, id, cause);
    return id;
  }

  private static void link(Connection c, long alert, long event) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_event (alert_id, event_id) VALUES (?, ?)")) {
      s.setLong(1, alert);
      s.setLong(2, event);
      s.executeUpdate();
    }
  }

  private static long heartbeat(Connection c, String device, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id FROM device_event WHERE device_id = ? AND kind = 'HEARTBEAT' AND event_time = ?")) {
      s.setString(1, device);
      s.setTimestamp(2, Timestamp.from(at));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long elder(Connection c, String code, long site) throws SQLException {
    return id(c, "INSERT INTO elder (code, name, site_id) VALUES ('" + code + "', '回测老人', " + site
        + ") RETURNING id");
  }

  private static long site(Connection c, String code, String name) throws SQLException {
    return id(c, "INSERT INTO site (code, name, kind) VALUES ('" + code + "', '" + name + "', 'DAY_CARE')"
        + " RETURNING id");
  }

  private static void radar(Connection c, String id, long elder, long site, String room) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room)"
        + " VALUES (?, 'FALL_RADAR', ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, HASHER.hash("s3cret-backtest"));
      s.setLong(3, elder);
      s.setLong(4, site);
      s.setString(5, room);
      s.executeUpdate();
    }
  }

  private static long id(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }
}
