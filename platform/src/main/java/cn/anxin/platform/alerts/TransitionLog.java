package cn.anxin.platform.alerts;

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

/** The table {@code alert_transition}: every step of every alert's life, written once, never changed. */
public final class TransitionLog {

  private static final String INSERT = "INSERT INTO alert_transition"
      + " (alert_id, from_status, to_status, at, account_id, note, disposition, assignee_id)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String SELECT = "SELECT t.id, t.alert_id, t.from_status, t.to_status, t.at, t.account_id,"
      + " who.display_name AS account_name, who.role AS account_role, t.note, t.disposition, t.assignee_id,"
      + " asg.display_name AS assignee_name"
      + " FROM alert_transition t LEFT JOIN account who ON who.id = t.account_id"
      + " LEFT JOIN account asg ON asg.id = t.assignee_id WHERE t.alert_id = ?";

  /** A step about to be written. {@code at} is cut to the second here. */
  record Step(long alertId, AlertStatus from, AlertStatus to, Instant at, Long accountId, String note,
      Disposition disposition, Long assigneeId) {}

  /** Writes a step; returns its id. */
  long write(Connection c, Step step) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setLong(1, step.alertId());
      s.setString(2, step.from() == null ? null : step.from().name());
      s.setString(3, step.to().name());
      s.setTimestamp(4, Timestamp.from(toSecond(step.at())));
      setLong(s, 5, step.accountId());
      s.setString(6, step.note());
      s.setString(7, step.disposition() == null ? null : step.disposition().name());
      setLong(s, 8, step.assigneeId());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The steps of an alert in the order they happened. */
  public List<Transition> of(Connection c, long alertId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY t.at, t.id")) {
      s.setLong(1, alertId);
      return read(s);
    }
  }

  /** The latest step of an alert. */
  public Optional<Transition> last(Connection c, long alertId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY t.at DESC, t.id DESC LIMIT 1")) {
      s.setLong(1, alertId);
      return read(s).stream().findFirst();
    }
  }

  public Optional<Transition> byId(Connection c, long alertId, long transitionId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " AND t.id = ?")) {
      s.setLong(1, alertId);
      s.setLong(2, transitionId);
      return read(s).stream().findFirst();
    }
  }

  /** Transition times are kept to the second. */
  static Instant toSecond(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS);
  }

  private static List<Transition> read(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      List<Transition> steps = new ArrayList<>();
      while (r.next()) {
        String from = r.getString("from_status");
        String disposition = r.getString("disposition");
        steps.add(new Transition(
            r.getLong("id"),
            r.getLong("alert_id"),
            from == null ? null : AlertStatus.valueOf(from),
            AlertStatus.valueOf(r.getString("to_status")),
            r.getTimestamp("at").toInstant(),
            (Long) r.getObject("account_id"),
            r.getString("account_name"),
            r.getString("account_role"),
            r.getString("note"),
            disposition == null ? null : Disposition.valueOf(disposition),
            (Long) r.getObject("assignee_id"),
            r.getString("assignee_name")));
      }
      return steps;
    }
  }

  private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, value);
    }
  }
}
