package cn.anxin.platform.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Sensors confirming each other (DOMAIN.md: "meal no-show + no electricity"): a meal no-show of an
 * elder for whom a meter rule is open is graver. {@link MealNoShowRule} raises at its
 * {@code meterSeverity} when a meter alert is open; and when a meter rule raises while the elder's
 * {@code MEAL_NO_SHOW} alert is open, this step raises that alert to {@code meterSeverity}, recording
 * the change ({@code alert_severity_change}). Called by {@link RuleContext#raise} after every raise.
 */
final class MeterCorroboration {

  /** The meter rules that corroborate a meal no-show (catalogue rules 7, 8 and 11). */
  static final Set<String> METER_RULES = Set.of("WATER_12H", "WATER_24H", "ELECTRICITY_INACTIVE");

  private MeterCorroboration() {}

  /** Whether an alert of a meter rule is open for the elder. */
  static boolean meterAlertOpen(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM alert WHERE elder_id = ? AND is_open AND rule = ANY (?) LIMIT 1")) {
      s.setLong(1, elderId);
      s.setArray(2, c.createArrayOf("text", METER_RULES.toArray()));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** After an alert of {@code ruleCode} was raised or added to: a meter rule raises an open no-show. */
  static void afterRaise(RuleContext context, Connection c, RuleAlerts alerts, String ruleCode, long alertId)
      throws SQLException {
    if (!METER_RULES.contains(ruleCode)) {
      return;
    }
    String severity = context.settings(MealNoShowRule.CODE).severity("meterSeverity");
    Optional<Long> changed = alerts.raiseSeverity(c, context.elder().elderId(), MealNoShowRule.CODE, severity,
        context.now(), "corroborated by " + ruleCode, alertId);
    if (changed.isPresent()) {
      context.changed(changed.get());
      context.note(MealNoShowRule.CODE + " alert " + changed.get() + " raised to " + severity + " by " + ruleCode);
    }
  }
}
