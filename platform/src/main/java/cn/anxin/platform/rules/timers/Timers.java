package cn.anxin.platform.rules.timers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the rules do with their timers while they judge an event or a timer: arm, cancel, look up,
 * mark fired. {@link TimerStore} keeps them in {@code rule_timer}; a backtest keeps them in memory.
 */
public interface Timers {

  /** Arms (or moves) a timer; returns its id. */
  long arm(Connection c, TimerRequest t, Instant now) throws SQLException;

  /**
   * Arms a timer, but moves a pending one only when the new due time is earlier, or later by more than
   * {@code tolerance}: a rule that arms on every message then writes its timer a few times per
   * tolerance instead of every time, and must expect the timer to fall due up to {@code tolerance}
   * early (and re-arm it then, see {@link #fired}). Returns whether a row was written. Timers kept in
   * memory may move exactly (it costs nothing), as this default does.
   */
  default boolean armLoosely(Connection c, TimerRequest t, Instant now, java.time.Duration tolerance)
      throws SQLException {
    arm(c, t, now);
    return true;
  }

  /**
   * Cancels the pending timers of a device and rule whose purpose is {@code purpose}, or starts with
   * it when {@code prefix}; returns them as they were.
   */
  List<DueTimer> cancel(Connection c, String deviceId, String rule, String purpose, boolean prefix, Instant now,
      String outcome) throws SQLException;

  /** The pending timers of a device and rule whose purpose starts with {@code prefix}. */
  List<DueTimer> pendingWithPrefix(Connection c, String deviceId, String rule, String prefix) throws SQLException;

  /** The timer of a device, rule and purpose that fired last, if any. */
  Optional<DueTimer> lastFired(Connection c, String deviceId, String rule, String purpose) throws SQLException;

  /** Whether another timer of the elder, rule and purpose than {@code exceptId} fired before. */
  boolean firedBefore(Connection c, long elderId, String rule, String purpose, long exceptId) throws SQLException;

  /**
   * Marks a timer fired, with what firing did; a timer its rule re-armed while firing it (due later
   * than {@code now}) stays pending, with the outcome noted.
   */
  void fired(Connection c, long id, Instant now, String outcome) throws SQLException;
}
