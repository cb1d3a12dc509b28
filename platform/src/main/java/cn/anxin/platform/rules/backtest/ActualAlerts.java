package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.rules.config.RuleCatalogue;
import cn.anxin.platform.rules.config.RuleSpec;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts the built rules actually raised for some elders: those whose event time falls in a
 * range (what a candidate is compared with), and those of before the range still open at its start
 * (a replay starts from them: a repeat joins an open alert, as it did live).
 */
final class ActualAlerts {

  private static final String COLUMNS = "SELECT a.id, a.elder_id, a.rule, a.severity, a.raised_at, a.event_time,"
      + " a.last_event_at, a.status, a.is_open, a.disposition, a.closed_at FROM alert a"
      + " WHERE a.elder_id = ANY (?) AND a.rule = ANY (?)";
  private static final String IN_RANGE = COLUMNS + " AND a.event_time >= ? AND a.event_time < ?"
      + " ORDER BY a.event_time, a.id";
  private static final String OPEN_AT_START = COLUMNS + " AND a.event_time < ?"
      + " AND (a.is_open OR a.closed_at > ?) ORDER BY a.event_time, a.id";

  /** By elder: the alerts of the range, and those open at its start. */
  record ByElder(Map<Long, List<ActualAlert>> inRange, Map<Long, List<ActualAlert>> openAtStart) {
    List<ActualAlert> inRange(long elderId) {
      return inRange.getOrDefault(elderId, List.of());
    }

    List<ActualAlert> openAtStart(long elderId) {
      return openAtStart.getOrDefault(elderId, List.of());
    }
  }

  private ActualAlerts() {}

  static ByElder load(Connection c, Collection<Long> elderIds, Instant from, Instant to) throws SQLException {
    Array elders = c.createArrayOf("bigint", elderIds.toArray());
    Array rules = c.createArrayOf("text", RuleCatalogue.ALL.stream().filter(BacktestReport::replayed).map(RuleSpec::code)
        .toArray());
    Map<Long, List<ActualAlert>> inRange;
    try (PreparedStatement s = c.prepareStatement(IN_RANGE)) {
      s.setArray(1, elders);
      s.setArray(2, rules);
      s.setTimestamp(3, Timestamp.from(from));
      s.setTimestamp(4, Timestamp.from(to));
      inRange = read(s);
    }
    Map<Long, List<ActualAlert>> open;
    try (PreparedStatement s = c.prepareStatement(OPEN_AT_START)) {
      s.setArray(1, elders);
      s.setArray(2, rules);
      s.setTimestamp(3, Timestamp.from(from));
      s.setTimestamp(4, Timestamp.from(from));
      open = read(s);
    }
    return new ByElder(inRange, open);
  }

  private static Map<Long, List<ActualAlert>> read(PreparedStatement s) throws SQLException {
    Map<Long, List<ActualAlert>> byElder = new HashMap<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        boolean open = r.getBoolean(9);
        Instant lastEventAt = r.getTimestamp(7).toInstant();
        Timestamp closedAt = r.getTimestamp(11);
        Optional<Instant> closed = closedAt != null ? Optional.of(closedAt.toInstant())
            : open ? Optional.empty() : Optional.of(lastEventAt);
        ActualAlert alert = new ActualAlert(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4),
            r.getTimestamp(5).toInstant(), r.getTimestamp(6).toInstant(), lastEventAt, r.getString(8), open,
            Optional.ofNullable(r.getString(10)), closed);
        byElder.computeIfAbsent(alert.elderId(), k -> new ArrayList<>()).add(alert);
      }
    }
    return byElder;
  }
}
