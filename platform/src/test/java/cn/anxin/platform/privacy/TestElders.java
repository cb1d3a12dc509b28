package cn.anxin.platform.privacy;

import cn.anxin.gateway.auth.SecretHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Elders and what hangs off them, straight into a test database, for the privacy tests: an elder
 * with a sealed ID-card number and a full profile, sites, devices, device events, alerts, contacts
 * and consent records.
 */
final class TestElders {

  private static final SecretHasher HASHER = new SecretHasher();

  private TestElders() {}

  /** A valid ID-card number of someone born on 1941-03-12 in Chuxiong, numbered {@code n} (0-999). */
  static String idCard(int n) {
    String first17 = "532301" + "19410312" + String.format("%03d", n);
    return first17 + IdCards.checkCharacter(first17);
  }

  static long site(DataSource ds, String code, String kind, String name) throws SQLException {
    return insert(ds, "INSERT INTO site (code, name, kind, address, lon, lat, area_code)"
        + " VALUES (?, ?, ?, '楚雄市鹿城镇团结路 8 号', 101.54, 25.03, '532301001001') RETURNING id", code, name, kind);
  }

  /** An elder with every identifying field filled, the number sealed by this vault. */
  static long elder(DataSource ds, IdCardVault vault, long siteId, String code, String name, String idCard)
      throws SQLException {
    SealedIdCard sealed = vault.seal(idCard);
    return insert(ds, "INSERT INTO elder (code, name, sex, birth_date, site_id, id_card_cipher, id_card_key,"
        + " id_card_hash, id_card_last4, phone, address, area_code, grid, lon, lat, living_arrangement, categories)"
        + " VALUES (?, ?, 'F', '1941-03-12', ?, ?, ?, ?, ?, '13912345678', '楚雄市鹿城镇团结路 8 号',"
        + " '532301001001', '团结社区第 3 网格', 101.5420, 25.0361, 'ALONE', '{AGED_80}') RETURNING id",
        code, name, siteId, sealed.cipher(), sealed.keyId(), sealed.hash(), sealed.last4());
  }

  static void device(DataSource ds, String id, String kind, Long elderId, Long siteId) throws SQLException {
    insert(ds, "INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room)"
        + " VALUES (?, ?, ?, ?, ?, 'bedroom') RETURNING 1", id, kind, HASHER.hash("secret-" + id), elderId, siteId);
  }

  /** A processed device event at this time; returns its id. */
  static long event(DataSource ds, String deviceId, String kind, String payload, Instant at) throws SQLException {
    Timestamp t = Timestamp.from(at);
    return insert(ds, "INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
        + " received_at, payload, processed_at) VALUES (?, ?, ?, ?, 480, ?, ?::jsonb, ?) RETURNING id",
        deviceId, "m-" + System.nanoTime(), kind, t, t, payload, t);
  }

  /** An alert of the elder caused by this event, with the event linked; returns its id. */
  static long alert(DataSource ds, long elderId, String deviceId, long causeEventId, String rule, String status,
      Instant at) throws SQLException {
    Timestamp t = Timestamp.from(at);
    long alert = insert(ds, "INSERT INTO alert (elder_id, rule, severity, status, raised_at, event_time,"
        + " last_event_at, cause_event_id, device_id) VALUES (?, ?, 'P1', ?, ?, ?, ?, ?, ?) RETURNING id",
        elderId, rule, status, t, t, t, causeEventId, deviceId);
    linkEvent(ds, alert, causeEventId);
    return alert;
  }

  static void linkEvent(DataSource ds, long alertId, long eventId) throws SQLException {
    insert(ds, "INSERT INTO alert_event (alert_id, event_id) VALUES (?, ?) RETURNING 1", alertId, eventId);
  }

  static long contact(DataSource ds, long elderId, String name, boolean notifyConsent, int priority, Long accountId)
      throws SQLException {
    return insert(ds, "INSERT INTO elder_contact (elder_id, name, relation, phone, email, channels, priority,"
        + " account_id, notify_consent) VALUES (?, ?, '子女', '13800001111', 'family@example.cn', '{SMS,APP}',"
        + " ?, ?, ?) RETURNING id", elderId, name, priority, accountId, notifyConsent);
  }

  static void consent(DataSource ds, long elderId, Long contactId, String purpose, boolean granted, Instant at)
      throws SQLException {
    insert(ds, "INSERT INTO consent_record (elder_id, contact_id, purpose, granted, method, evidence, recorded_at)"
        + " VALUES (?, ?, ?, ?, 'WRITTEN', '知情同意书扫描件：张桂英 身份证复印件', ?) RETURNING id",
        elderId, contactId, purpose, granted, Timestamp.from(at));
  }

  static long insert(DataSource ds, String sql, Object... args) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  static void execute(DataSource ds, String sql, Object... args) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.execute();
    }
  }

  /** A single text value from a query (null when the value is NULL). */
  static String text(DataSource ds, String sql, Object... args) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }
}
