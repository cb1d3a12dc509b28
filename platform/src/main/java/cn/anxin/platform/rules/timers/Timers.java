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
   * Cancels the pending timers of a device and rule whose purpose is {@code purpose}, or starts with
   * it when {@code prefix}; returns them as they were.
   */
  List<DueTimer> cancel(Connection c, String deviceId, String rule, String purpose, boolean prefix, Instant now,
      String outcome) throws SQLException;

  /** The pending timers of a device and rule whose purpose starts with {@code prefix}. */
  List<DueTimer> pendingWithPrefix(Connection c, String deviceId, String rule, String prefix) throws SQLException;

  /** The timer of a device, rule and purpose that fired last, if any. */
  Optional<DueTimer> lastFired(Connection c, String deviceId, String rule, String purpose) throws SQLException;

  /** Marks a timer fired, with what firing did. */
  void fired(Connection c, long id, Instant now, String outcome) throws SQLException;
}
