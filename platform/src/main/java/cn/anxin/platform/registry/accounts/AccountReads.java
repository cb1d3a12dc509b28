package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Role;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads accounts for administrators, inside the caller's transaction. */
public final class AccountReads {

  /** The list filters; null means "any". */
  public record Filter(Role role, Long siteId, Boolean enabled, int limit, int offset) {}

  /** One page of a list, and how many match in all. */
  public record Page(List<AccountView> items, long total) {}

  private static final String SELECT = "SELECT a.id, a.username, a.display_name, a.role, a.phone, a.email,"
      + " a.locale, a.enabled, a.created_at, a.password_changed_at,"
      + " ARRAY(SELECT x.site_id FROM account_site x WHERE x.account_id = a.id ORDER BY x.site_id) AS site_ids,"
      + " (SELECT count(*) FROM login_session l WHERE l.account_id = a.id AND l.revoked_at IS NULL"
      + "   AND l.expires_at > ?) AS active_sessions"
      + " FROM account a";
  private static final String WHERE = " WHERE (?::text IS NULL OR a.role = ?)"
      + " AND (?::bigint IS NULL OR EXISTS (SELECT 1 FROM account_site x WHERE x.account_id = a.id AND x.site_id = ?))"
      + " AND (?::boolean IS NULL OR a.enabled = ?)";

  private AccountReads() {}

  public static Page list(Connection c, Filter f, Instant now) throws SQLException {
    long total;
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM account a" + WHERE)) {
      bindFilter(s, f, 1);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    List<AccountView> items = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SELECT + WHERE + " ORDER BY a.username LIMIT ? OFFSET ?")) {
      s.setTimestamp(1, Timestamp.from(now));
      bindFilter(s, f, 2);
      s.setInt(8, f.limit());
      s.setInt(9, f.offset());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          items.add(view(r));
        }
      }
    }
    return new Page(items, total);
  }

  public static Optional<AccountView> one(Connection c, long id, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE a.id = ?")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setLong(2, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(view(r)) : Optional.empty();
      }
    }
  }

  private static void bindFilter(PreparedStatement s, Filter f, int from) throws SQLException {
    String role = f.role() == null ? null : f.role().name();
    s.setString(from, role);
    s.setString(from + 1, role);
    s.setObject(from + 2, f.siteId(), Types.BIGINT);
    s.setObject(from + 3, f.siteId(), Types.BIGINT);
    s.setObject(from + 4, f.enabled(), Types.BOOLEAN);
    s.setObject(from + 5, f.enabled(), Types.BOOLEAN);
  }

  private static AccountView view(ResultSet r) throws SQLException {
    Array sites = r.getArray("site_ids");
    List<Long> siteIds = Arrays.stream((Long[]) sites.getArray()).toList();
    return new AccountView(r.getLong("id"), r.getString("username"), r.getString("display_name"),
        Role.valueOf(r.getString("role")), r.getString("phone"), r.getString("email"), r.getString("locale"),
        r.getBoolean("enabled"), siteIds, r.getTimestamp("created_at").toInstant(),
        r.getTimestamp("password_changed_at").toInstant(), r.getLong("active_sessions"));
  }
}
