package cn.anxin.platform.notify;

import cn.anxin.platform.alerts.AlertStatus;
import java.time.Instant;

/**
 * A committed step of an alert's life, with what the planner needs of its alert: the elder, the
 * elder's responsible site, rule and severity.
 *
 * @param byRole the role of the account that took the step; null for the system (the raise)
 * @param disposition the closing code of a closing step, else null
 */
public record TransitionRow(long id, long alertId, AlertStatus from, AlertStatus to, Instant at, String disposition,
    String byRole, String rule, String severity, Instant raisedAt, Instant eventTime, long elderId, Long siteId) {

  public NotifyEvent event() {
    return NotifyEvent.of(from, to);
  }
}
