package cn.anxin.platform.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brute-force protection for sign-in: after {@code perUsername} failures for one username within the
 * window, that username is refused until the window has passed, whether or not the account exists
 * (so a lock-out reveals nothing); after {@code perClient} failures from one address, that address
 * is refused too.
 */
public final class LoginGuard {

  private final Clock clock;
  private final Duration window;
  private final int perUsername;
  private final int perClient;

  public LoginGuard(Clock clock, Duration window, int perUsername, int perClient) {
    this.clock = clock;
    this.window = window;
    this.perUsername = perUsername;
    this.perClient = perClient;
  }

  public static LoginGuard defaults(Clock clock) {
    return new LoginGuard(clock, Duration.ofMinutes(15), 5, 20);
  }

  /**
   * Makes concurrent sign-ins of one username take turns (a transaction-scoped advisory lock), so
   * guesses sent at once cannot all pass the check before any failure is recorded.
   */
  public void serialise(Connection c, String username) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      s.setString(1, "sign-in:" + username.toLowerCase(java.util.Locale.ROOT));
      s.executeQuery().close();
    }
  }

  /** How long until this username and address may try again; empty when they may try now. */
  public Optional<Duration> refusedFor(Connection c, String username, String clientIp) throws SQLException {
    Instant since = clock.instant().minus(window);
    Optional<Instant> byName = blockedSince(c, "username", username, perUsername, since);
    Optional<Instant> byClient = blockedSince(c, "client_ip", clientIp, perClient, since);
    return byName.or(() -> byClient)
        .map(oldest -> Duration.between(clock.instant(), oldest.plus(window)))
        .map(d -> d.isNegative() ? Duration.ZERO : d);
  }

  public void failed(Connection c, String username, String clientIp) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO login_failure (client_ip, username, at) VALUES (?, ?, ?)")) {
      s.setString(1, clientIp);
      s.setString(2, username);
      s.setTimestamp(3, Timestamp.from(clock.instant()));
      s.executeUpdate();
    }
  }

  public void succeeded(Connection c, String username) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM login_failure WHERE username = ?")) {
      s.setString(1, username);
      s.executeUpdate();
    }
  }

  /** The oldest of the last {@code limit} failures in the window, when there are that many. */
  private static Optional<Instant> blockedSince(Connection c, String column, String value, int limit,
      Instant since) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT at FROM login_failure WHERE " + column + " = ? AND at > ? ORDER BY at DESC OFFSET ? LIMIT 1")) {
      s.setString(1, value);
      s.setTimestamp(2, Timestamp.from(since));
      s.setInt(3, limit - 1);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }
}
