package cn.anxin.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in sessions as opaque bearer tokens (32 random bytes). Only their SHA-256 is stored, so a
 * copy of the database does not let anyone sign in. A session ends at its expiry, on sign-out, or
 * when its account is disabled.
 */
public final class Sessions {

  /** A new session: the token, shown to the client once, and when it expires. */
  public record Issued(String token, Instant expiresAt) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Duration lifetime;

  /** The clock sign-ins run on: real time, also when the platform's own clock is simulated. */
  public Clock clock() {
    return clock;
  }

  public Sessions(Clock clock, Duration lifetime) {
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public Issued open(Connection c, long accountId, String clientIp) throws SQLException {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO login_session (token_hash, account_id, created_at, expires_at, last_used_at, client_ip)"
            + " VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setBytes(1, digest(token));
      s.setLong(2, accountId);
      s.setTimestamp(3, Timestamp.from(now));
      s.setTimestamp(4, Timestamp.from(expires));
      s.setTimestamp(5, Timestamp.from(now));
      s.setString(6, clientIp);
      s.executeUpdate();
    }
    return new Issued(token, expires);
  }

  /** The principal behind a live token, with its current scope; empty for anything else. */
  public Optional<Principal> resolve(Connection c, String token) throws SQLException {
    if (token == null || token.length() < 20 || token.length() > 100) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE login_session l SET last_used_at = ? FROM account a"
            + " WHERE l.token_hash = ? AND a.id = l.account_id AND a.enabled"
            + " AND l.revoked_at IS NULL AND l.expires_at > ?"
            + " RETURNING a.id, a.username, a.display_name, a.role, a.locale")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setBytes(2, digest(token));
      s.setTimestamp(3, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        long id = r.getLong(1);
        return Optional.of(new Principal(id, r.getString(2), r.getString(3), Role.valueOf(r.getString(4)),
            r.getString(5), ids(c, "SELECT site_id FROM account_site WHERE account_id = ?", id),
            ids(c, "SELECT elder_id FROM elder_contact WHERE account_id = ?", id)));
      }
    }
  }

  /** Ends the session of this token; true if there was one. */
  public boolean revoke(Connection c, String token) throws SQLException {
    if (token == null) {
      return false;
    }
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE login_session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")) {
      s.setTimestamp(1, Timestamp.from(clock.instant()));
      s.setBytes(2, digest(token));
      return s.executeUpdate() == 1;
    }
  }

  /** Ends every session of an account (password reset, disabling). */
  public void revokeAll(Connection c, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE login_session SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL")) {
      s.setTimestamp(1, Timestamp.from(clock.instant()));
      s.setLong(2, accountId);
      s.executeUpdate();
    }
  }

  private static Set<Long> ids(Connection c, String sql, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        Set<Long> ids = new HashSet<>();
        while (r.next()) {
          ids.add(r.getLong(1));
        }
        return ids;
      }
    }
  }

  /** A token's key for messages between parts of the platform: its SHA-256, hex; never the token. */
  public static String key(String token) {
    return token == null ? "" : java.util.HexFormat.of().formatHex(digest(token));
  }

  static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
