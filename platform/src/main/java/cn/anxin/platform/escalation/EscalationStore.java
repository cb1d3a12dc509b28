package cn.anxin.platform.escalation;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The escalation tables, in the caller's transaction: which alerts are planned
 * ({@code escalation_plan}), the timers ({@code escalation_timer}), each rise
 * ({@code alert_escalation}), the breaches of rule 19 ({@code sla_breach}) and the alert's level.
 */
final class EscalationStore {

  /** The steps of an alert's escalation, as stored in {@code escalation_timer.step}. */
  enum Step { ACKNOWLEDGE, REMIND, RESOLVE }

  /** What a rise is, as stored in {@code alert_escalation.kind}. */
  enum Kind { SUPERVISOR, REMINDER, BUREAU }

  /** An open alert not yet planned. */
  record Unplanned(long alertId, String severity, Instant raisedAt, Long siteId) {}

  /** A timer claimed for firing. */
  record DueTimer(long id, long alertId, Step step, Instant dueAt) {}

  /** The alert as a timer finds it, its row locked. */
  record AlertState(long id, long elderId, Long siteId, String rule, String severity, Instant raisedAt,
      Instant eventTime, Instant acknowledgedAt, Instant closedAt, boolean open, int level) {}

  private static final String PENDING = "fired_at IS NULL AND cancelled_at IS NULL";

  List<Unplanned> unplanned(Connection c, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT a.id, a.severity, a.raised_at, e.site_id FROM alert a"
        + " JOIN elder e ON e.id = a.elder_id WHERE a.is_open"
        + " AND NOT EXISTS (SELECT 1 FROM escalation_plan p WHERE p.alert_id = a.id) ORDER BY a.id LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet r = s.executeQuery()) {
        List<Unplanned> found = new ArrayList<>();
        while (r.next()) {
          found.add(new Unplanned(r.getLong(1), r.getString(2), r.getTimestamp(3).toInstant(),
              r.getObject(4, Long.class)));
        }
        return found;
      }
    }
  }

  /** Marks the alert planned; false when another process planned it first. */
  boolean markPlanned(Connection c, Unplanned a, int policyVersion, JsonObject thresholds, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation_plan (alert_id, planned_at, site_id,"
        + " policy_version, thresholds) VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
      s.setLong(1, a.alertId());
      s.setTimestamp(2, Timestamp.from(now));
      setLong(s, 3, a.siteId());
      s.setInt(4, policyVersion);
      s.setString(5, thresholds.encode());
      return s.executeUpdate() == 1;
    }
  }

  /** The thresholds the alert was planned with. */
  EscalationPolicy.Thresholds thresholds(Connection c, long alertId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT thresholds::text FROM escalation_plan WHERE alert_id = ?")) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        JsonObject json = r.next() ? new JsonObject(r.getString(1)) : new JsonObject();
        return EscalationPolicy.Thresholds.of(json, new EscalationPolicy.Thresholds(null, null, 0, null));
      }
    }
  }

  /** Arms (or moves) the alert's pending timer of this step. */
  long arm(Connection c, long alertId, Step step, Instant dueAt, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation_timer (alert_id, step, due_at, created_at)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (alert_id, step) WHERE " + PENDING
        + " DO UPDATE SET due_at = EXCLUDED.due_at RETURNING id")) {
      s.setLong(1, alertId);
      s.setString(2, step.name());
      s.setTimestamp(3, Timestamp.from(dueAt));
      s.setTimestamp(4, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Locks up to {@code limit} due timers, skipping those another transaction holds. */
  List<DueTimer> claimDue(Connection c, Instant now, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, alert_id, step, due_at FROM escalation_timer"
        + " WHERE due_at <= ? AND " + PENDING + " ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        List<DueTimer> due = new ArrayList<>();
        while (r.next()) {
          due.add(new DueTimer(r.getLong(1), r.getLong(2), Step.valueOf(r.getString(3)),
              r.getTimestamp(4).toInstant()));
        }
        return due;
      }
    }
  }

  void fired(Connection c, long timerId, Instant now, String outcome) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE escalation_timer SET fired_at = ?, outcome = ? WHERE id = ?")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setString(2, outcome.length() > 1000 ? outcome.substring(0, 1000) : outcome);
      s.setLong(3, timerId);
      s.executeUpdate();
    }
  }

  /**
   * Cancels the timers not yet due whose reason is gone: acknowledgement and reminders of an
   * acknowledged alert, every timer of a closed one; and completes the breaches of alerts that
   * were acted on late. Returns the timers cancelled.
   */
  int sweep(Connection c, Instant now) throws SQLException {
    int cancelled;
    try (PreparedStatement s = c.prepareStatement("UPDATE escalation_timer t SET cancelled_at = ?,"
        + " outcome = CASE WHEN a.is_open THEN 'acknowledged' ELSE 'closed' END"
        + " FROM alert a WHERE a.id = t.alert_id AND t.fired_at IS NULL AND t.cancelled_at IS NULL AND t.due_at > ?"
        + " AND (NOT a.is_open OR (t.step <> 'RESOLVE' AND a.acknowledged_at IS NOT NULL))")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setTimestamp(2, Timestamp.from(now));
      cancelled = s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("UPDATE sla_breach b SET met_at ="
        + " CASE WHEN b.sla = 'ACKNOWLEDGE' THEN a.acknowledged_at ELSE a.closed_at END FROM alert a"
        + " WHERE a.id = b.alert_id AND b.met_at IS NULL AND ((b.sla = 'ACKNOWLEDGE' AND a.acknowledged_at IS NOT NULL)"
        + " OR (b.sla = 'RESOLVE' AND a.closed_at IS NOT NULL))")) {
      s.executeUpdate();
    }
    return cancelled;
  }

  /** The alert, its row locked against a concurrent move; empty if it does not exist. */
  Optional<AlertState> lockAlert(Connection c, long alertId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT a.id, a.elder_id, e.site_id, a.rule, a.severity,"
        + " a.raised_at, a.event_time, a.acknowledged_at, a.closed_at, a.is_open, a.escalation_level"
        + " FROM alert a JOIN elder e ON e.id = a.elder_id WHERE a.id = ? FOR UPDATE OF a")) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new AlertState(r.getLong(1), r.getLong(2), r.getObject(3, Long.class), r.getString(4),
            r.getString(5), r.getTimestamp(6).toInstant(), r.getTimestamp(7).toInstant(), instant(r, 8),
            instant(r, 9), r.getBoolean(10), r.getInt(11)));
      }
    }
  }

  /**
   * Records a rise (or a reminder) at {@code now}, to the second, and raises the alert's level to
   * {@code level} when it is lower; returns the escalation's id.
   */
  long record(Connection c, AlertState a, Kind kind, int level, Integer reminder, DueTimer timer, Instant now)
      throws SQLException {
    Instant at = now.truncatedTo(ChronoUnit.SECONDS);
    long id;
    try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_escalation (alert_id, kind, level, reminder,"
        + " at, due_at, timer_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, a.id());
      s.setString(2, kind.name());
      s.setInt(3, level);
      if (reminder == null) {
        s.setNull(4, Types.INTEGER);
      } else {
        s.setInt(4, reminder);
      }
      s.setTimestamp(5, Timestamp.from(at));
      s.setTimestamp(6, Timestamp.from(timer.dueAt()));
      s.setLong(7, timer.id());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        id = r.getLong(1);
      }
    }
    if (level > a.level()) {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE alert SET escalation_level = ?, escalated_at = ? WHERE id = ? AND escalation_level < ?")) {
        s.setInt(1, level);
        s.setTimestamp(2, Timestamp.from(at));
        s.setLong(3, a.id());
        s.setInt(4, level);
        s.executeUpdate();
      }
    }
    return id;
  }

  /** How many reminders the alert has had. */
  int reminders(Connection c, long alertId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM alert_escalation WHERE alert_id = ? AND kind = 'REMINDER'")) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /**
   * Records a breach of rule 19 (once per alert and SLA).
   *
   * @param metAt when the alert was acted on, late; null while it still waits
   */
  void breach(Connection c, AlertState a, Step sla, int targetSeconds, Instant dueAt, Instant metAt, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO sla_breach (alert_id, sla, severity, site_id,"
        + " raised_at, target_seconds, due_at, detected_at, met_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (alert_id, sla) DO NOTHING")) {
      s.setLong(1, a.id());
      s.setString(2, sla.name());
      s.setString(3, a.severity());
      setLong(s, 4, a.siteId());
      s.setTimestamp(5, Timestamp.from(a.raisedAt()));
      s.setInt(6, targetSeconds);
      s.setTimestamp(7, Timestamp.from(dueAt));
      s.setTimestamp(8, Timestamp.from(now));
      s.setTimestamp(9, metAt == null ? null : Timestamp.from(metAt));
      s.executeUpdate();
    }
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, value);
    }
  }
}
