package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.FieldError;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes accounts for administrators inside the caller's transaction. Disabling an account or
 * resetting its password ends every session it has, so a stolen or former colleague's token stops
 * working at once.
 */
public final class AccountWrites {

  private final Accounts accounts;
  private final Sessions sessions;

  public AccountWrites(Accounts accounts, Sessions sessions) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** Creates the account; 409 {@code account.username-taken} when the username exists in any letter case. */
  public long create(Connection c, AccountDraft d) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM account WHERE lower(username) = lower(?)")) {
      s.setString(1, d.username());
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          throw ApiProblem.conflict("account.username-taken", d.username());
        }
      }
    }
    long id = accounts.create(c, d.username(), d.displayName().strip(), d.role(), d.password(), d.siteIds());
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE account SET phone = ?, email = ?, locale = ? WHERE id = ?")) {
      s.setString(1, d.phone());
      s.setString(2, d.email());
      s.setString(3, d.locale());
      s.setLong(4, id);
      s.executeUpdate();
    }
    return id;
  }

  /**
   * Applies new settings and, when given, a new password. Answers whether the account's sessions
   * were ended (on disabling or a password reset).
   */
  public boolean update(Connection c, long id, AccountSettings before, AccountSettings after, String newPassword)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE account SET display_name = ?, enabled = ?, locale = ?,"
        + " phone = ?, email = ? WHERE id = ?")) {
      s.setString(1, after.displayName().strip());
      s.setBoolean(2, after.enabled());
      s.setString(3, after.locale());
      s.setString(4, after.phone());
      s.setString(5, after.email());
      s.setLong(6, id);
      s.executeUpdate();
    }
    if (!new HashSet<>(before.siteIds()).equals(new HashSet<>(after.siteIds()))) {
      accounts.setSites(c, id, after.siteIds());
    }
    if (newPassword != null) {
      accounts.setPassword(c, id, newPassword);
    }
    boolean revoke = newPassword != null || (before.enabled() && !after.enabled());
    if (revoke) {
      sessions.revokeAll(c, id);
    }
    return revoke;
  }

  /** Site ids that name no site, as field errors on {@code field/<index>}. */
  public static List<FieldError> unknownSites(Connection c, List<Long> siteIds, String field) throws SQLException {
    if (siteIds.isEmpty()) {
      return List.of();
    }
    Set<Long> known = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM site WHERE id = ANY (?)")) {
      Array ids = c.createArrayOf("bigint", siteIds.toArray());
      s.setArray(1, ids);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          known.add(r.getLong(1));
        }
      }
    }
    List<FieldError> out = new ArrayList<>();
    for (int i = 0; i < siteIds.size(); i++) {
      if (!known.contains(siteIds.get(i))) {
        out.add(FieldError.of(field + "/" + i, "account.site-unknown", siteIds.get(i)));
      }
    }
    return out;
  }
}
