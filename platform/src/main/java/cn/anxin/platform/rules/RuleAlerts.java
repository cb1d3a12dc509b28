package cn.anxin.platform.rules;

import cn.anxin.platform.alerts.AlertRequest;
import cn.anxin.platform.alerts.AlertStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the rules' alerts go, and what the rules may ask about the alerts raised before. The live
 * platform raises into the {@code alert} table ({@link #stored()}); a backtest keeps its alerts in
 * memory, so replaying writes nothing.
 */
public interface RuleAlerts {

  /** Raises an alert, or adds the request to the open alert of the same elder and rule. */
  AlertStore.Raised raise(Connection c, AlertRequest request, Instant now) throws SQLException;

  /**
   * Whether an alert of this rule for the elder already carries an event of this device that
   * happened after {@code since} (any event, when empty), open or closed.
   */
  boolean alertedSince(Connection c, long elderId, String rule, String deviceId, Optional<Instant> since)
      throws SQLException;

  /**
   * Raises the severity of the elder's open alert of a rule to {@code severity} when it is weaker,
   * recording the change and its reason; the alert's id when it changed. Kept alerts (a backtest)
   * do not corroborate: nothing changes.
   */
  default Optional<Long> raiseSeverity(Connection c, long elderId, String rule, String severity, Instant now,
      String reason, long causeAlertId) throws SQLException {
    return Optional.empty();
  }

  /** The alert table, as the live platform uses it. */
  static RuleAlerts stored() {
    return new StoredRuleAlerts();
  }
}
