package cn.anxin.platform.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Raises alerts inside the caller's transaction. One open alert per elder and rule: a repeat adds
 * to the open one (count, last event time) instead of raising another, atomically, so concurrent
 * repeats cannot create two (the insert waits on the partial unique index for a concurrent raise to
 * commit, then adds to it). A new alert's raise is the first step of its life in
 * {@code alert_transition}, by the system.
 */
public final class AlertStore {

  private static final String RAISE =
      "INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at,"
          + " cause_event_id, device_id, zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (elder_id, rule) WHERE is_open DO UPDATE"
          + " SET event_count = alert.event_count + 1,"
          + " last_event_at = GREATEST(alert.last_event_at, EXCLUDED.last_event_at)"
          + " RETURNING id, (xmax = 0) AS created";
  private static final String LINK =
      "INSERT INTO alert_event (alert_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

  private static final String RAISE_SEVERITY = "WITH a AS (SELECT id, severity FROM alert"
      + " WHERE elder_id = ? AND rule = ? AND is_open AND severity > ? FOR UPDATE)"
      + " UPDATE alert SET severity = ? FROM a WHERE alert.id = a.id RETURNING alert.id, a.severity";
  /**
   * A more urgent severity has shorter escalation targets (docs/alert-life.md): while no step of the
   * alert's escalation has fired yet, its pending timers are cancelled and its plan dropped, so the
   * next escalation turn plans it again from its raise with the new severity's thresholds.
   */
  private static final String REPLAN_CANCEL = "UPDATE escalation_timer SET cancelled_at = ?,"
      + " outcome = 'severity raised to ' || ? || ': planned again' WHERE alert_id = ? AND fired_at IS NULL"
      + " AND cancelled_at IS NULL AND NOT EXISTS (SELECT 1 FROM escalation_timer f WHERE f.alert_id = ?"
      + " AND f.fired_at IS NOT NULL)";
  private static final String REPLAN_DROP = "DELETE FROM escalation_plan p WHERE p.alert_id = ?"
      + " AND p.thresholds -> 'history' IS NULL AND NOT EXISTS (SELECT 1 FROM escalation_timer f"
      + " WHERE f.alert_id = ? AND f.fired_at IS NOT NULL)";
  private static final String SEVERITY_CHANGE = "INSERT INTO alert_severity_change"
      + " (alert_id, from_severity, to_severity, at, reason, cause_alert_id) VALUES (?, ?, ?, ?, ?, ?)";

  private final TransitionLog transitions = new TransitionLog();

  /** The alert that now carries the request, and whether it was created by it. */
  public record Raised(long alertId, boolean created) {}

  public Raised raise(Connection c, AlertRequest request, Instant now) throws SQLException {
    Raised raised;
    try (PreparedStatement s = c.prepareStatement(RAISE)) {
      s.setLong(1, request.elderId());
      s.setString(2, request.rule());
      s.setString(3, request.severity());
      s.setTimestamp(4, Timestamp.from(now));
      s.setTimestamp(5, Timestamp.from(request.eventTime()));
      s.setTimestamp(6, Timestamp.from(request.eventTime()));
      if (request.hasCauseEvent()) {
        s.setLong(7, request.causeEventId());
      } else {
        s.setNull(7, java.sql.Types.BIGINT);
      }
      s.setString(8, request.deviceId());
      s.setString(9, request.zone().orElse(null));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        raised = new Raised(r.getLong("id"), r.getBoolean("created"));
      }
    }
    if (request.hasCauseEvent()) {
      try (PreparedStatement s = c.prepareStatement(LINK)) {
        s.setLong(1, raised.alertId());
        s.setLong(2, request.causeEventId());
        s.executeUpdate();
      }
    }
    if (raised.created()) {
      transitions.write(c, new TransitionLog.Step(
          raised.alertId(), null, AlertStatus.OPEN, now, null, null, null, null));
    }
    return raised;
  }

  /**
   * Raises the severity of the elder's open alert of a rule to {@code severity} when it is weaker
   * (P3 to P2, say), recording the change in {@code alert_severity_change} with its reason and the
   * alert that caused it; the alert's id when one changed. Never lowers a severity.
   */
  public java.util.Optional<Long> raiseSeverity(Connection c, long elderId, String rule, String severity,
      Instant now, String reason, Long causeAlertId) throws SQLException {
    long alertId;
    String from;
    try (PreparedStatement s = c.prepareStatement(RAISE_SEVERITY)) {
      s.setLong(1, elderId);
      s.setString(2, rule);
      s.setString(3, severity);
      s.setString(4, severity);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return java.util.Optional.empty();
        }
        alertId = r.getLong(1);
        from = r.getString(2);
      }
    }
    try (PreparedStatement s = c.prepareStatement(SEVERITY_CHANGE)) {
      s.setLong(1, alertId);
      s.setString(2, from);
      s.setString(3, severity);
      s.setTimestamp(4, Timestamp.from(now));
      s.setString(5, reason);
      s.setObject(6, causeAlertId);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(REPLAN_CANCEL)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setString(2, severity);
      s.setLong(3, alertId);
      s.setLong(4, alertId);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(REPLAN_DROP)) {
      s.setLong(1, alertId);
      s.setLong(2, alertId);
      s.executeUpdate();
    }
    return java.util.Optional.of(alertId);
  }
}
