package cn.anxin.platform.family;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.gateway.family.FamilyPush;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The table {@code family_push_credential}: a FAMILY account's MQTT credentials for its app. At most
 * one is live per account; the secret is returned once and kept only as a salted SHA-256 hash (it is 192 random bits, see SecretHasher).
 */
public final class PushCredentials {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private static final String LIVE = "SELECT client_id, created_at FROM family_push_credential"
      + " WHERE account_id = ? AND revoked_at IS NULL";
  private static final String REVOKE = "UPDATE family_push_credential SET revoked_at = ?"
      + " WHERE account_id = ? AND revoked_at IS NULL";
  private static final String INSERT = "INSERT INTO family_push_credential (account_id, client_id, secret_hash,"
      + " created_at) VALUES (?, ?, ?, ?)";

  private final SecretHasher hasher;

  public PushCredentials(SecretHasher hasher) {
    this.hasher = hasher;
  }

  /** The account's live credential, without its secret. */
  public Optional<JsonObject> live(Connection c, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LIVE)) {
      s.setLong(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(view(accountId, r.getString(1), r.getTimestamp(2).toInstant()));
      }
    }
  }

  /** Revokes the live credential; false when there was none. */
  public boolean revoke(Connection c, long accountId, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(REVOKE)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setLong(2, accountId);
      return s.executeUpdate() > 0;
    }
  }

  /** Revokes any live credential and issues a new one; the answer holds the secret in clear. */
  public JsonObject issue(Connection c, long accountId, Instant now) throws SQLException {
    revoke(c, accountId, now);
    String clientId = "family@" + random(20);
    String secret = SecretHasher.newSecret();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setLong(1, accountId);
      s.setString(2, clientId);
      s.setString(3, hasher.hashGenerated(secret));
      s.setTimestamp(4, Timestamp.from(now));
      s.executeUpdate();
    }
    return view(accountId, clientId, now).put("secret", secret);
  }

  private static JsonObject view(long accountId, String clientId, Instant createdAt) {
    return new JsonObject()
        .put("clientId", clientId)
        .put("username", clientId)
        .put("topic", FamilyPush.topic(accountId))
        .put("qos", 1)
        .put("createdAt", createdAt.toString());
  }

  private static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return out.toString();
  }
}
