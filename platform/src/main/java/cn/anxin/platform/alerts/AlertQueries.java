package cn.anxin.platform.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads alerts for the API and the console. */
public final class AlertQueries {

  public static final int MAX_OPEN = 500;

  static final String SELECT =
      "SELECT a.id, a.elder_id, e.name AS elder_name, e.site_id, s.name AS site_name, a.rule, a.severity,"
          + " a.status, a.raised_at, a.event_time, a.last_event_at, a.event_count, a.device_id,"
          + " a.zone, a.cause_event_id, a.acknowledged_at, a.closed_at, a.disposition, a.closing_note,"
          + " a.assignee_id, asg.display_name AS assignee_name, a.escalation_level, a.escalated_at"
          + " FROM alert a JOIN elder e ON e.id = a.elder_id LEFT JOIN site s ON s.id = e.site_id"
          + " LEFT JOIN account asg ON asg.id = a.assignee_id";

  /**
   * Open alerts, most urgent first, newest first within a severity.
   *
   * @param scope a condition on the elder row {@code e} (see {@code access.Scope})
   */
  public List<AlertView> open(Connection c, String scope) throws SQLException {
    return open(c, scope, Set.of(), Optional.empty());
  }

  /**
   * Open alerts as {@link #open(Connection, String)}, only of these severities (all when empty) and of
   * elders of this responsible site (any when empty).
   */
  public List<AlertView> open(Connection c, String scope, Set<String> severities, Optional<Long> siteId)
      throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE a.is_open AND ").append(scope);
    if (!severities.isEmpty()) {
      sql.append(" AND a.severity IN (").append(placeholders(severities.size())).append(")");
    }
    siteId.ifPresent(id -> sql.append(" AND e.site_id = ?"));
    sql.append(" ORDER BY a.severity, a.raised_at DESC, a.id DESC LIMIT " + MAX_OPEN);
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (String severity : severities.stream().sorted().toList()) {
        s.setString(i++, severity);
      }
      if (siteId.isPresent()) {
        s.setLong(i, siteId.get());
      }
      return list(s);
    }
  }

  public Optional<AlertView> byId(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE a.id = ?")) {
      s.setLong(1, id);
      List<AlertView> found = list(s);
      return found.stream().findFirst();
    }
  }

  /** The alert if it exists and its elder is in scope (a condition on {@code e}). */
  public Optional<AlertView> byId(Connection c, long id, String scope) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE a.id = ? AND " + scope)) {
      s.setLong(1, id);
      return list(s).stream().findFirst();
    }
  }

  static List<AlertView> list(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      List<AlertView> alerts = new ArrayList<>();
      while (r.next()) {
        alerts.add(read(r));
      }
      return alerts;
    }
  }

  static String placeholders(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
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
        r.getLong("cause_event_id"),
        instant(r.getTimestamp("acknowledged_at")),
        instant(r.getTimestamp("closed_at")),
        r.getString("disposition"),
        r.getString("closing_note"),
        (Long) r.getObject("assignee_id"),
        r.getString("assignee_name"),
        r.getInt("escalation_level"),
        instant(r.getTimestamp("escalated_at")));
  }

  private static java.time.Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
