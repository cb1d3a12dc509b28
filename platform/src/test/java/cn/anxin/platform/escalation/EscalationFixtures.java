package cn.anxin.platform.escalation;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Principal;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Elders, supervisors, family contacts and alerts straight into a test database, for the escalation tests. */
final class EscalationFixtures {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final DataSource db;

  EscalationFixtures(DataSource db) {
    this.db = db;
  }

  /** An elder with a radar at a day-care centre of its own. */
  record Elder(long id, long siteId, String deviceId) {}

  Elder elder(String name) throws SQLException {
    String device = "radar-x" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    long id = TestRegistry.elderWithRadar(db, name, device, "secret-" + device);
    return new Elder(id, TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", id), device);
  }

  /** A supervisor of the site with a phone and an e-mail address; returns the account id. */
  long supervisor(Elder elder, String username) throws SQLException {
    long id = TestAccounts.create(db, username, Role.SUPERVISOR, elder.siteId());
    update("UPDATE account SET phone = '13900001111', email = ? WHERE id = ?", username + "@centre.example", id);
    return id;
  }

  /** A staff member of the site; returns the account id. */
  long staff(Elder elder, String username) throws SQLException {
    return TestAccounts.create(db, username, Role.STAFF, elder.siteId());
  }

  /** A bureau account with an e-mail address only; returns the account id. */
  long bureau(String username) throws SQLException {
    long id = TestAccounts.create(db, username, Role.BUREAU);
    update("UPDATE account SET email = ? WHERE id = ?", username + "@mzj.example.gov.cn", id);
    return id;
  }

  /** A consenting family contact reached by SMS; returns the contact id. */
  long familyContact(Elder elder) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO elder_contact (elder_id, name, relation, phone, channels, notify_consent)"
            + " VALUES (?, '李家属', '女儿', '13812345678', ARRAY['SMS'], true) RETURNING id")) {
      s.setLong(1, elder.id());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Raises an alert through the alert store at {@code at} (a device event behind it), as a rule would. */
  long raise(Elder elder, String rule, String severity, Instant at) throws SQLException {
    return TestAlerts.raise(db, elder.id(), elder.deviceId(), rule, severity, at);
  }

  /** Moves the alert on as a staff member of the elder's site, at {@code at}. */
  void move(Elder elder, long alertId, AlertStatus from, AlertStatus to, Instant at) throws SQLException {
    String username = "mover" + SEQ.incrementAndGet();
    long staff = TestAccounts.create(db, username, Role.STAFF, elder.siteId());
    Principal actor = new Principal(staff, username, "王芳", Role.STAFF, "zh-CN", Set.of(elder.siteId()), Set.of());
    Optional<Disposition> disposition = to.isClosed() ? Optional.of(Disposition.REAL_EVENT) : Optional.empty();
    try (Connection c = db.getConnection()) {
      MoveOutcome outcome = new AlertTransitions().move(c, alertId, "TRUE", actor,
          new MoveRequest(to, from, Optional.empty(), disposition, Optional.empty()), at);
      if (!(outcome instanceof MoveOutcome.Moved)) {
        throw new AssertionError("could not move alert " + alertId + ": " + outcome);
      }
    }
  }

  long level(long alertId) throws SQLException {
    return TestRegistry.count(db, "SELECT escalation_level FROM alert WHERE id = ?", alertId);
  }

  long escalations(long alertId, String kind) throws SQLException {
    return TestRegistry.count(db, "SELECT count(*) FROM alert_escalation WHERE alert_id = ? AND kind = ?",
        alertId, kind);
  }

  long breaches(long alertId, String sla) throws SQLException {
    return TestRegistry.count(db, "SELECT count(*) FROM sla_breach WHERE alert_id = ? AND sla = ?", alertId, sla);
  }

  /** The alert's escalation messages as "event:recipient:channel" in planning order (recipient a, c, b). */
  List<String> messages(long alertId) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT event || ':' || CASE WHEN account_id IS NOT NULL THEN 'a' || account_id"
            + " WHEN contact_id IS NOT NULL THEN 'c' || contact_id ELSE 'b:' || (payload->>'to') END || ':' || channel"
            + " FROM notification_outbox WHERE alert_id = ? AND escalation_id IS NOT NULL ORDER BY id")) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        List<String> rows = new ArrayList<>();
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
