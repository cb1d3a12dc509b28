package cn.anxin.platform.notify;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.alerts.AlertStatus;
import cn.anxin.platform.alerts.AlertTransitions;
import cn.anxin.platform.alerts.Disposition;
import cn.anxin.platform.alerts.MoveOutcome;
import cn.anxin.platform.alerts.MoveRequest;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestAlerts;
import cn.anxin.platform.testing.TestRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Elders, family contacts, webhooks and alerts straight into a test database, for the notifier's tests. */
final class NotifyFixtures {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final DataSource db;

  NotifyFixtures(DataSource db) {
    this.db = db;
  }

  /** An elder with a radar at a day-care centre of its own. */
  record Elder(long id, long siteId, String deviceId) {}

  Elder elder(String name) throws SQLException {
    String device = "radar-n" + SEQ.incrementAndGet();
    long id = TestRegistry.elderWithRadar(db, name, device, "secret-" + device);
    return new Elder(id, TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", id), device);
  }

  /** A contact of the elder with these channels; {@code consent} sets notify_consent. */
  long contact(Elder elder, String name, String phone, String email, boolean consent, String... channels)
      throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO elder_contact (elder_id, name, relation, phone, email, channels, notify_consent)"
            + " VALUES (?, ?, '女儿', ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, elder.id());
      s.setString(2, name);
      s.setString(3, phone);
      s.setString(4, email);
      s.setArray(5, c.createArrayOf("text", channels));
      s.setBoolean(6, consent);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Links a family account reading this locale to the contact. */
  void linkAccount(long contactId, String username, String locale) throws SQLException {
    long account = TestAccounts.create(db, username, Role.FAMILY);
    update("UPDATE account SET locale = ? WHERE id = ?", locale, account);
    update("UPDATE elder_contact SET account_id = ? WHERE id = ?", account, contactId);
  }

  /** Records a withdrawal of the contact's notification consent (the flag stays as it was). */
  void withdrawConsent(Elder elder, long contactId) throws SQLException {
    update("INSERT INTO consent_record (elder_id, contact_id, purpose, granted, method, recorded_at)"
        + " VALUES (?, ?, 'NOTIFY_FAMILY', false, 'ELECTRONIC', now())", elder.id(), contactId);
  }

  void quietHours(long contactId, String from, String to) throws SQLException {
    update("INSERT INTO contact_quiet_hours (contact_id, starts, ends, updated_at) VALUES (?, ?::time, ?::time, now())",
        contactId, from, to);
  }

  /** A webhook subscription of the site; returns its id. */
  long webhook(long siteId, String url, String secret) throws SQLException {
    return TestRegistry.count(db, "INSERT INTO webhook_subscription (site_id, url, secret, created_at)"
        + " VALUES (?, ?, ?, now()) RETURNING id", siteId, url, secret);
  }

  /** Raises an alert through the alert store (one device event behind it), as a rule would. */
  long raise(Elder elder, String rule, String severity, Instant at) throws SQLException {
    return TestAlerts.raise(db, elder.id(), elder.deviceId(), rule, severity, at);
  }

  /** Closes the alert as a staff member of the elder's site would. */
  void close(Elder elder, long alertId, AlertStatus as, Disposition disposition, Instant at) throws SQLException {
    move(elder, alertId, AlertStatus.OPEN, as, disposition, at);
  }

  /** Moves the alert on as a staff member (display name 王芳) of the elder's site would. */
  void move(Elder elder, long alertId, AlertStatus from, AlertStatus to, Disposition disposition, Instant at)
      throws SQLException {
    String username = "staff" + SEQ.incrementAndGet();
    long staff = TestAccounts.create(db, username, Role.STAFF, elder.siteId());
    Principal actor = new Principal(staff, username, "王芳", Role.STAFF, "zh-CN", Set.of(elder.siteId()), Set.of());
    try (Connection c = db.getConnection()) {
      MoveOutcome outcome = new AlertTransitions().move(c, alertId, "TRUE", actor,
          new MoveRequest(to, from, Optional.empty(), Optional.ofNullable(disposition), Optional.empty()), at);
      if (!(outcome instanceof MoveOutcome.Moved)) {
        throw new AssertionError("could not move alert " + alertId + ": " + outcome);
      }
    }
  }

  /** The outbox rows of an alert as "channel:status" in planning order. */
  List<String> outbox(long alertId) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT event || ':' || channel || ':' || status || COALESCE(':' || skip_reason, '')"
            + " FROM notification_outbox WHERE alert_id = ? ORDER BY id")) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        List<String> rows = new java.util.ArrayList<>();
        while (r.next()) {
          rows.add(r.getString(1));
        }
        return rows;
      }
    }
  }

  void update(String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }
}
