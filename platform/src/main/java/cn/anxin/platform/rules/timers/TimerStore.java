package cn.anxin.platform.rules.timers;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule_timer table, in the caller's transaction. Arming a timer that is already pending for the
 * same subject, rule and purpose moves it (new due time and payload) instead of adding another.
 */
public final class TimerStore implements Timers {

  /** Loosely armed due times remembered at most (then forgotten, all at once). */
  static final int REMEMBERED_MAX = 200_000;

  private record Slot(Optional<Long> elderId, Optional<String> deviceId, String rule, String purpose) {}

  /** Due times this store armed loosely, when it {@linkplain #remembering remembers}; else null. */
  private final Map<Slot, Instant> armed;

  /** A store that remembers nothing between calls. */
  public TimerStore() {
    this.armed = null;
  }

  private TimerStore(Map<Slot, Instant> armed) {
    this.armed = armed;
  }

  /**
   * A store that remembers the due time of each timer it armed loosely, and skips the statement
   * when the new due time would not move that timer (the statement would write nothing): a
   * radar's heartbeat then costs no statement every other minute. Only while the remembered due
   * time is still ahead of {@code now}: until then the timer cannot have fired. For one journal
   * consumer: the caller must drop the store when a transaction it armed in rolls back (its
   * memory would then be ahead of the table). A timer cancelled or moved meanwhile by another
   * transaction is armed again by the first arming past the tolerance, as if it had not moved.
   */
  public static TimerStore remembering() {
    return new TimerStore(new HashMap<>());
  }

  private static final String COLUMNS =
      "id, elder_id, device_id, rule, purpose, due_at, payload::text, created_at";
  private static final String PENDING = "fired_at IS NULL AND cancelled_at IS NULL";
  private static final String ARM =
      "INSERT INTO rule_timer (elder_id, device_id, rule, purpose, due_at, payload, created_at, armed_at)"
          + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
          + " ON CONFLICT (subject, rule, purpose) WHERE " + PENDING
          + " DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,"
          + " elder_id = EXCLUDED.elder_id, armed_at = EXCLUDED.armed_at RETURNING id";
  private static final String ARM_LOOSELY =
      "INSERT INTO rule_timer (elder_id, device_id, rule, purpose, due_at, payload, created_at, armed_at)"
          + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
          + " ON CONFLICT (subject, rule, purpose) WHERE " + PENDING
          + " DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,"
          + " elder_id = EXCLUDED.elder_id, armed_at = EXCLUDED.armed_at"
          + " WHERE rule_timer.due_at > EXCLUDED.due_at"
          + " OR rule_timer.due_at < EXCLUDED.due_at - make_interval(secs => ?) RETURNING id";
  private static final String CLAIM =
      "SELECT " + COLUMNS + " FROM rule_timer WHERE due_at <= ? AND " + PENDING
          + " ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED";

  /** Arms (or moves) a timer; returns its id. */
  @Override
  public long arm(Connection c, TimerRequest t, Instant now) throws SQLException {
    if (armed != null) {
      armed.remove(new Slot(t.elderId(), t.deviceId(), t.rule(), t.purpose()));
    }
    try (PreparedStatement s = c.prepareStatement(ARM)) {
      bindArm(s, t, now);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * Arms a timer, or moves the pending one when the new due time is earlier or later by more than
   * the tolerance; otherwise writes nothing (the pending row is only locked).
   */
  @Override
  public boolean armLoosely(Connection c, TimerRequest t, Instant now, java.time.Duration tolerance)
      throws SQLException {
    Slot slot = armed == null ? null : new Slot(t.elderId(), t.deviceId(), t.rule(), t.purpose());
    if (slot != null) {
      Instant due = armed.get(slot);
      // The statement below would leave this timer as it is: not earlier, nor later by more than the tolerance.
      if (due != null && due.isAfter(now) && !due.isAfter(t.dueAt()) && !due.isBefore(t.dueAt().minus(tolerance))) {
        return false;
      }
    }
    boolean written;
    try (PreparedStatement s = c.prepareStatement(ARM_LOOSELY)) {
      bindArm(s, t, now);
      s.setDouble(9, tolerance.toMillis() / 1000.0);
      try (ResultSet r = s.executeQuery()) {
        written = r.next();
      }
    }
    if (slot != null) {
      if (armed.size() >= REMEMBERED_MAX) {
        armed.clear();
      }
      if (written) {
        armed.put(slot, t.dueAt());
      } else {
        // Pending with a due time the statement did not tell: learnt on the next write.
        armed.remove(slot);
      }
    }
    return written;
  }

  private static void bindArm(PreparedStatement s, TimerRequest t, Instant now) throws SQLException {
    if (t.elderId().isPresent()) {
      s.setLong(1, t.elderId().get());
    } else {
      s.setNull(1, Types.BIGINT);
    }
    s.setString(2, t.deviceId().orElse(null));
    s.setString(3, t.rule());
    s.setString(4, t.purpose());
    s.setTimestamp(5, Timestamp.from(t.dueAt()));
    s.setString(6, t.payload().encode());
    s.setTimestamp(7, Timestamp.from(now));
    s.setTimestamp(8, Timestamp.from(now));
  }

  /**
   * Cancels the pending timers of a device and rule whose purpose is {@code purpose}, or starts with
   * it when {@code prefix}; returns them as they were.
   */
  @Override
  public List<DueTimer> cancel(Connection c, String deviceId, String rule, String purpose, boolean prefix,
      Instant now, String outcome) throws SQLException {
    if (armed != null) {
      armed.clear(); // cancels are rare: forgetting everything is simpler than matching the slots
    }
    String match = prefix ? "starts_with(purpose, ?)" : "purpose = ?";
    try (PreparedStatement s = c.prepareStatement("UPDATE rule_timer SET cancelled_at = ?, outcome = ?"
        + " WHERE device_id = ? AND rule = ? AND " + match + " AND " + PENDING + " RETURNING " + COLUMNS)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setString(2, outcome);
      s.setString(3, deviceId);
      s.setString(4, rule);
      s.setString(5, purpose);
      return read(s);
    }
  }

  /** The pending timer of a device, rule and purpose, if any. */
  public Optional<DueTimer> pending(Connection c, String deviceId, String rule, String purpose) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM rule_timer"
        + " WHERE device_id = ? AND rule = ? AND purpose = ? AND " + PENDING)) {
      s.setString(1, deviceId);
      s.setString(2, rule);
      s.setString(3, purpose);
      return read(s).stream().findFirst();
    }
  }

  /** The pending timers of a device and rule whose purpose starts with {@code prefix}. */
  @Override
  public List<DueTimer> pendingWithPrefix(Connection c, String deviceId, String rule, String prefix)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM rule_timer"
        + " WHERE device_id = ? AND rule = ? AND starts_with(purpose, ?) AND " + PENDING + " ORDER BY id")) {
      s.setString(1, deviceId);
      s.setString(2, rule);
      s.setString(3, prefix);
      return read(s);
    }
  }

  /** The timer of a device, rule and purpose that fired last, if any. */
  @Override
  public Optional<DueTimer> lastFired(Connection c, String deviceId, String rule, String purpose)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM rule_timer"
        + " WHERE device_id = ? AND rule = ? AND purpose = ? AND fired_at IS NOT NULL"
        + " ORDER BY fired_at DESC, id DESC LIMIT 1")) {
      s.setString(1, deviceId);
      s.setString(2, rule);
      s.setString(3, purpose);
      return read(s).stream().findFirst();
    }
  }

  @Override
  public boolean firedBefore(Connection c, long elderId, String rule, String purpose, long exceptId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM rule_timer WHERE elder_id = ? AND device_id IS NULL"
        + " AND rule = ? AND purpose = ? AND fired_at IS NOT NULL AND id <> ? LIMIT 1")) {
      s.setLong(1, elderId);
      s.setString(2, rule);
      s.setString(3, purpose);
      s.setLong(4, exceptId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Locks up to {@code limit} timers due at {@code now}, skipping those another transaction holds. */
  public List<DueTimer> claimDue(Connection c, Instant now, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setInt(2, limit);
      return read(s);
    }
  }

  /**
   * Marks a claimed timer fired, with what firing did; one its rule moved past {@code now} while
   * firing it stays pending (only the outcome is noted).
   */
  @Override
  public void fired(Connection c, long id, Instant now, String outcome) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE rule_timer SET fired_at = CASE WHEN due_at <= ? THEN ?::timestamptz END, outcome = ? WHERE id = ?")) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setTimestamp(2, Timestamp.from(now));
      s.setString(3, outcome);
      s.setLong(4, id);
      s.executeUpdate();
    }
  }

  private static List<DueTimer> read(PreparedStatement s) throws SQLException {
    List<DueTimer> timers = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        long elder = r.getLong(2);
        Optional<Long> elderId = r.wasNull() ? Optional.empty() : Optional.of(elder);
        timers.add(new DueTimer(r.getLong(1), elderId, Optional.ofNullable(r.getString(3)), r.getString(4),
            r.getString(5), r.getTimestamp(6).toInstant(), new JsonObject(r.getString(7)),
            r.getTimestamp(8).toInstant()));
      }
    }
    return timers;
  }
}
