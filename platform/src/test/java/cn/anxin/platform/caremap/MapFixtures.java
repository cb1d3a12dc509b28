package cn.anxin.platform.caremap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Care-map test data straight into the database: sites, elders, devices, open alerts, status and duty. */
final class MapFixtures {

  private final DataSource db;

  MapFixtures(DataSource db) {
    this.db = db;
  }

  /** A day-care centre at a point (lon, lat may be null) in an area; returns its id. */
  long site(String code, String area, Double lon, Double lat) throws SQLException {
    return id("INSERT INTO site (code, name, kind, area_code, lon, lat, phone) VALUES (?, ?, 'DAY_CARE', ?, ?, ?, '0878-3120000')"
        + " RETURNING id", code, "日间照料中心 " + code, area, lon, lat);
  }

  /** An elder of a site living at a point (lon, lat may be null), with a phone and ID-card tail the map must not show. */
  long elder(String code, String name, long siteId, String area, Double lon, Double lat) throws SQLException {
    return id("INSERT INTO elder (code, name, site_id, area_code, lon, lat, phone, id_card_last4, living_arrangement,"
        + " risk_tier) VALUES (?, ?, ?, ?, ?, ?, '13988880000', '1234', 'ALONE', 'HIGH') RETURNING id",
        code, name, siteId, area, lon, lat);
  }

  /** A fall radar bound to an elder, online or not; returns its id. */
  String device(String deviceId, long elderId, boolean online) throws SQLException {
    update("INSERT INTO device (id, kind, secret_hash, elder_id, site_id, online)"
        + " SELECT ?, 'FALL_RADAR', 'not-a-real-hash', id, site_id, ? FROM elder WHERE id = ?", deviceId, online, elderId);
    return deviceId;
  }

  /** An open alert of an elder, caused by a (processed) event of one of the elder's devices; returns its id. */
  long openAlert(long elderId, String deviceId, String rule, String severity) throws SQLException {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    long event = id("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes, received_at,"
        + " payload, processed_at) VALUES (?, ?, 'FALL', ?, 480, ?, '{}'::jsonb, ?) RETURNING id",
        deviceId, "m-" + rule + "-" + System.nanoTime(), now, now, now);
    return id("INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at, cause_event_id, device_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", elderId, rule, severity, now, now, now, event, deviceId);
  }

  void status(long elderId, String status, LocalDate from, LocalDate to) throws SQLException {
    update("INSERT INTO elder_status (elder_id, status, from_date, to_date) VALUES (?, ?, ?, ?)",
        elderId, status, from, to);
  }

  void duty(long accountId, boolean onDuty, Double lon, Double lat, Instant updatedAt) throws SQLException {
    update("INSERT INTO staff_duty (account_id, on_duty, lon, lat, updated_at) VALUES (?, ?, ?, ?, ?)"
        + " ON CONFLICT (account_id) DO UPDATE SET on_duty = EXCLUDED.on_duty, lon = EXCLUDED.lon,"
        + " lat = EXCLUDED.lat, updated_at = EXCLUDED.updated_at",
        accountId, onDuty, lon, lat, OffsetDateTime.ofInstant(updatedAt, ZoneOffset.UTC));
  }

  void assign(long alertId, long accountId) throws SQLException {
    update("UPDATE alert SET assignee_id = ?, status = 'DISPATCHED' WHERE id = ?", accountId, alertId);
  }

  void update(String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      s.executeUpdate();
    }
  }

  private long id(String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        s.setNull(i + 1, java.sql.Types.NULL);
      } else {
        s.setObject(i + 1, args[i]);
      }
    }
  }
}
