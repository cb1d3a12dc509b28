package cn.anxin.platform.access;

import cn.anxin.gateway.auth.SecretHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;

/**
 * Accounts and their passwords (Argon2id, the same parameters as device secrets). The one place an
 * account row is created or its password checked.
 */
public final class Accounts {

  /** The shortest password an account may have. */
  public static final int MIN_PASSWORD = 10;

  /** An account as signing in needs it. */
  public record Credentials(long id, String passwordHash, boolean enabled) {}

  private final SecretHasher hasher;

  public Accounts(SecretHasher hasher) {
    this.hasher = hasher;
  }

  /** Creates an account with its sites (staff, supervisors); returns its id. */
  public long create(Connection c, String username, String displayName, Role role, String password,
      Collection<Long> siteIds) throws SQLException {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD + " characters");
    }
    long id;
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO account (username, display_name, role, password_hash) VALUES (?, ?, ?, ?) RETURNING id")) {
      s.setString(1, username);
      s.setString(2, displayName);
      s.setString(3, role.name());
      s.setString(4, hasher.hash(password));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        id = r.getLong(1);
      }
    }
    setSites(c, id, siteIds);
    return id;
  }

  public void setSites(Connection c, long accountId, Collection<Long> siteIds) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM account_site WHERE account_id = ?")) {
      s.setLong(1, accountId);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO account_site (account_id, site_id) VALUES (?, ?)")) {
      for (long site : siteIds) {
        s.setLong(1, accountId);
        s.setLong(2, site);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  public void setPassword(Connection c, long accountId, String password) throws SQLException {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD + " characters");
    }
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE account SET password_hash = ?, password_changed_at = now() WHERE id = ?")) {
      s.setString(1, hasher.hash(password));
      s.setLong(2, accountId);
      s.executeUpdate();
    }
  }

  /**
   * The account id when the password is right and the account enabled; empty otherwise, after the
   * same work whether or not the username exists.
   */
  public Optional<Long> check(Connection c, String username, String password) throws SQLException {
    Optional<Credentials> found = credentials(c, username);
    if (found.isEmpty()) {
      hasher.burnDecoy(password);
      return Optional.empty();
    }
    Credentials account = found.get();
    boolean matches = hasher.matches(password, account.passwordHash());
    return matches && account.enabled() ? Optional.of(account.id()) : Optional.empty();
  }

  public boolean any(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM account)");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getBoolean(1);
    }
  }

  private static Optional<Credentials> credentials(Connection c, String username) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, password_hash, enabled FROM account WHERE username = ?")) {
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Credentials(r.getLong(1), r.getString(2), r.getBoolean(3)))
            : Optional.empty();
      }
    }
  }
}
