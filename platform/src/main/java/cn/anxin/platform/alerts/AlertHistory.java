package cn.anxin.platform.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Alerts past and present, newest raised first, a page at a time with the total that matches.
 * Filters combine with AND; {@code from} is inclusive and {@code to} exclusive, both on the raise time.
 */
public final class AlertHistory {

  /** Which alerts by where they are in their life. */
  public enum Which { OPEN, CLOSED, ALL }

  /** The filters and the page. */
  public record Filter(Which which, Set<String> severities, Optional<Instant> from, Optional<Instant> to,
      Optional<Long> siteId, Optional<Long> elderId, int limit, int offset) {
    public Filter {
      severities = Set.copyOf(severities);
    }
  }

  /** One page and how many alerts match in all. */
  public record Page(List<AlertView> items, long total) {}

  /**
   * @param scope a condition on the elder row {@code e} (see {@code access.Scope})
   */
  public Page find(Connection c, String scope, Filter f) throws SQLException {
    List<String> where = new ArrayList<>(List.of(scope));
    List<Object> args = new ArrayList<>();
    switch (f.which()) {
      case OPEN -> where.add("a.is_open");
      case CLOSED -> where.add("NOT a.is_open");
      case ALL -> { }
    }
    if (!f.severities().isEmpty()) {
      where.add("a.severity IN (" + AlertQueries.placeholders(f.severities().size()) + ")");
      args.addAll(f.severities().stream().sorted().toList());
    }
    f.from().ifPresent(at -> {
      where.add("a.raised_at >= ?");
      args.add(Timestamp.from(at));
    });
    f.to().ifPresent(at -> {
      where.add("a.raised_at < ?");
      args.add(Timestamp.from(at));
    });
    f.siteId().ifPresent(id -> {
      where.add("e.site_id = ?");
      args.add(id);
    });
    f.elderId().ifPresent(id -> {
      where.add("a.elder_id = ?");
      args.add(id);
    });
    String condition = " WHERE " + String.join(" AND ", where);
    long total;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM alert a JOIN elder e ON e.id = a.elder_id" + condition)) {
      bind(s, args);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(f.limit());
    pageArgs.add(f.offset());
    try (PreparedStatement s = c.prepareStatement(
        AlertQueries.SELECT + condition + " ORDER BY a.raised_at DESC, a.id DESC LIMIT ? OFFSET ?")) {
      bind(s, pageArgs);
      return new Page(AlertQueries.list(s), total);
    }
  }

  private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      s.setObject(i + 1, args.get(i));
    }
  }
}
