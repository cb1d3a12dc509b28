package cn.anxin.platform.rules;

import cn.anxin.platform.alerts.AlertRequest;
import cn.anxin.platform.alerts.AlertStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The rules' alerts in the {@code alert} table, in the caller's transaction. */
final class StoredRuleAlerts implements RuleAlerts {

  private static final String ALERTED_SINCE = "SELECT 1 FROM alert a"
      + " JOIN alert_event ae ON ae.alert_id = a.id JOIN device_event e ON e.id = ae.event_id"
      + " WHERE a.elder_id = ? AND a.rule = ? AND e.device_id = ? AND e.event_time > ? LIMIT 1";

  private final AlertStore store = new AlertStore();

  @Override
  public AlertStore.Raised raise(Connection c, AlertRequest request, Instant now) throws SQLException {
    return store.raise(c, request, now);
  }

  @Override
  public Optional<Long> raiseSeverity(Connection c, long elderId, String rule, String severity, Instant now,
      String reason, long causeAlertId) throws SQLException {
    return store.raiseSeverity(c, elderId, rule, severity, now, reason, causeAlertId);
  }

  @Override
  public boolean alertedSince(Connection c, long elderId, String rule, String deviceId, Optional<Instant> since)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ALERTED_SINCE)) {
      s.setLong(1, elderId);
      s.setString(2, rule);
      s.setString(3, deviceId);
      s.setTimestamp(4, Timestamp.from(since.orElse(Instant.EPOCH)));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
