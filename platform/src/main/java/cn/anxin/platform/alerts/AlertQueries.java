package cn.anxin.platform.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads alerts for the API and the console. */
public final class AlertQueries {

  public static final int MAX_OPEN = 500;

  private static final String SELECT =
      "SELECT a.id, a.elder_id, e.name AS elder_name, e.site_id, s.name AS site_name, a.rule, a.severity,"
          + " a.status, a.raised_at, a.event_time, a.last_event_at, a.event_count, a.device_id,"
          + " a.zone, a.cause_event_id"
          + " FROM alert a JOIN elder e ON e.id = a.elder_id LEFT JOIN site s ON s.id = e.site_id";

  /**
   * Open alerts, most urgent first, newest first within a severity.
   *
   * @param scope a condition on the elder row {@code e} (see {@code access.Scope})
   */
  public List<AlertView> open(Connection c, String scope) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        SELECT + " WHERE a.is_open AND " + scope + " ORDER BY a.severity, a.raised_at DESC, a.id DESC LIMIT " + MAX_OPEN)) {
      try (ResultSet r = s.executeQuery()) {
        List<AlertView> alerts = new ArrayList<>();
        while (r.next()) {
          alerts.add(read(r));
        }
        return alerts;
      }
    }
  }

  public Optional<AlertView> byId(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE a.id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static AlertView read(ResultSet r) throws SQLException {
    return new AlertView(
        r.getLong("id"),
        r.getLong("elder_id"),
        r.getString("elder_name"),
        (Long) r.getObject("site_id"),
        r.getString("site_name"),
        r.getString("rule"),
        r.getString("severity"),
        r.getString("status"),
        r.getTimestamp("raised_at").toInstant(),
        r.getTimestamp("event_time").toInstant(),
        r.getTimestamp("last_event_at").toInstant(),
        r.getInt("event_count"),
        r.getString("device_id"),
        r.getString("zone"),
        r.getLong("cause_event_id"));
  }
}
