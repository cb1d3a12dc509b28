package cn.anxin.platform.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code notification_outbox}: rows are added by the planner, taken by dispatchers
 * ({@code FOR UPDATE SKIP LOCKED}, so two dispatchers never take the same row), and moved on by the
 * outcome of each attempt. An outcome is written only by the attempt that holds the row (same
 * attempt number, still SENDING), so a late answer of an attempt whose lease ran out changes nothing.
 */
public final class Outbox {

  private static final String INSERT = "INSERT INTO notification_outbox (idempotency_key, transition_id, alert_id,"
      + " event, channel, contact_id, webhook_id, payload, status, skip_reason, created_at, next_attempt_at,"
      + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";
  private static final String CLAIM = "WITH due AS (SELECT id FROM notification_outbox"
      + " WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
      + " FOR UPDATE SKIP LOCKED)"
      + " UPDATE notification_outbox o SET status = 'SENDING', attempts = o.attempts + 1, next_attempt_at = ?,"
      + " updated_at = ? FROM due WHERE o.id = due.id RETURNING o.id, o.attempts";
  private static final String DELIVERED = "UPDATE notification_outbox SET status = 'DELIVERED', delivered_at = ?,"
      + " receipt = ?, last_error = NULL, updated_at = ? WHERE id = ? AND status = 'SENDING' AND attempts = ?";
  private static final String RETRY = "UPDATE notification_outbox SET status = 'PENDING', next_attempt_at = ?,"
      + " last_error = ?, updated_at = ? WHERE id = ? AND status = 'SENDING' AND attempts = ?";
  private static final String DEAD = "UPDATE notification_outbox SET status = 'DEAD', last_error = ?, updated_at = ?"
      + " WHERE id = ? AND status = 'SENDING' AND attempts = ? RETURNING alert_id, idempotency_key";
  private static final String SKIP = "UPDATE notification_outbox SET status = 'SKIPPED', skip_reason = ?,"
      + " updated_at = ? WHERE id = ? AND status = 'SENDING' AND attempts = ?";
  private static final String REVIVE = "UPDATE notification_outbox SET status = 'PENDING', attempts = 0,"
      + " next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'DEAD'";

  private static final String AWAIT_APP = "UPDATE notification_outbox SET status = 'PENDING', attempts = attempts - 1,"
      + " awaits_app = true, next_attempt_at = ?, last_error = ?, updated_at = ?"
      + " WHERE id = ? AND status = 'SENDING' AND attempts = ?";
  private static final String APP_BACK = "UPDATE notification_outbox SET awaits_app = false, next_attempt_at = ?,"
      + " updated_at = ? WHERE awaits_app AND status = 'PENDING' AND channel = 'APP'"
      + " AND contact_id IN (SELECT id FROM elder_contact WHERE account_id = ?)";

  /** A row taken for an attempt: its id and the number of this attempt (1 for the first). */
  public record Claim(long id, int attempt) {}

  /** Adds a planned message; false when a row with its idempotency key exists already. */
  boolean add(Connection c, TransitionRow t, PlannedMessage m, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, m.key());
      s.setLong(2, t.id());
      s.setLong(3, t.alertId());
      s.setString(4, m.event().name());
      s.setString(5, m.channel().name());
      setLong(s, 6, m.contactId());
      setLong(s, 7, m.webhookId());
      s.setString(8, m.payload().encode());
      s.setString(9, m.skip() == null ? "PENDING" : "SKIPPED");
      s.setString(10, m.skip() == null ? null : m.skip().name());
      s.setTimestamp(11, Timestamp.from(now));
      s.setTimestamp(12, Timestamp.from(m.dueAt()));
      s.setTimestamp(13, Timestamp.from(now));
      return s.executeUpdate() == 1;
    }
  }

  /** Takes up to {@code limit} due rows for an attempt, holding each for {@code lease}. */
  List<Claim> claim(Connection c, Instant now, int limit, Duration lease) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setInt(2, limit);
      s.setTimestamp(3, Timestamp.from(now.plus(lease)));
      s.setTimestamp(4, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        List<Claim> claims = new ArrayList<>();
        while (r.next()) {
          claims.add(new Claim(r.getLong(1), r.getInt(2)));
        }
        return claims;
      }
    }
  }

  boolean delivered(Connection c, Claim claim, String receipt, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(DELIVERED)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setString(2, cut(receipt, 500));
      s.setTimestamp(3, Timestamp.from(now));
      s.setLong(4, claim.id());
      s.setInt(5, claim.attempt());
      return s.executeUpdate() == 1;
    }
  }

  boolean retryAt(Connection c, Claim claim, Instant next, String error, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(RETRY)) {
      s.setTimestamp(1, Timestamp.from(next));
      s.setString(2, scrub(error));
      s.setTimestamp(3, Timestamp.from(now));
      s.setLong(4, claim.id());
      s.setInt(5, claim.attempt());
      return s.executeUpdate() == 1;
    }
  }

  /**
   * The family app was not there: the row waits, PENDING, with this attempt not counted, until the
   * app subscribes again ({@link #appBack}) or {@code recheckAt}.
   */
  boolean awaitApp(Connection c, Claim claim, Instant recheckAt, String why, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(AWAIT_APP)) {
      s.setTimestamp(1, Timestamp.from(recheckAt));
      s.setString(2, scrub(why));
      s.setTimestamp(3, Timestamp.from(now));
      s.setLong(4, claim.id());
      s.setInt(5, claim.attempt());
      return s.executeUpdate() == 1;
    }
  }

  /** The account's app has subscribed: its waiting messages are due now; returns how many. */
  public static int appBack(Connection c, long accountId, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(APP_BACK)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setTimestamp(2, Timestamp.from(now));
      s.setLong(3, accountId);
      return s.executeUpdate();
    }
  }

  /** Marks the row DEAD and leaves an administrator notice; false if the attempt no longer held it. */
  boolean dead(Connection c, Claim claim, String error, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(DEAD)) {
      s.setString(1, scrub(error));
      s.setTimestamp(2, Timestamp.from(now));
      s.setLong(3, claim.id());
      s.setInt(4, claim.attempt());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return false;
        }
        AdminNotices.raise(c, AdminNotices.Kind.NOTIFICATION_DEAD, claim.id(), r.getLong(1),
            "notification " + r.getString(2) + " gave up after " + claim.attempt() + " attempt(s): " + scrub(error),
            now);
        return true;
      }
    }
  }

  boolean skipped(Connection c, Claim claim, SkipReason reason, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SKIP)) {
      s.setString(1, reason.name());
      s.setTimestamp(2, Timestamp.from(now));
      s.setLong(3, claim.id());
      s.setInt(4, claim.attempt());
      return s.executeUpdate() == 1;
    }
  }

  /** Puts a DEAD row back to be sent now with a fresh count of attempts; false if it is not DEAD. */
  public boolean revive(Connection c, long id, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(REVIVE)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setTimestamp(2, Timestamp.from(now));
      s.setLong(3, id);
      if (s.executeUpdate() != 1) {
        return false;
      }
    }
    AdminNotices.resolve(c, id, now);
    return true;
  }

  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }

  /**
   * An error as kept: a receiver's answer may echo the address it refused, and errors outlive the
   * contact (erasure, removal), so phone numbers and the names of e-mail addresses are masked.
   */
  static String scrub(String error) {
    if (error == null) {
      return null;
    }
    return cut(error.replaceAll("\\d{7,}", "***").replaceAll("[\\w.+-]+@", "***@"), 1000);
  }

  private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, value);
    }
  }
}
