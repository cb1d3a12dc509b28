package cn.anxin.platform.rules.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An alert the platform actually raised, as a backtest compares it: when its events happened and
 * how it was closed.
 *
 * @param closedAt when it was closed; empty while open (an alert closed before closing times were
 *     kept counts as closed at its last event)
 * @param disposition the closing code (REAL_EVENT, FALSE_ALARM_DEVICE ...), if closed with one
 */
record ActualAlert(long id, long elderId, String rule, String severity, Instant raisedAt, Instant eventTime,
    Instant lastEventAt, String status, boolean open, Optional<String> disposition, Optional<Instant> closedAt) {

  /** What became of it: its disposition, else OPEN while open, else its closing status. */
  String outcome() {
    return disposition.orElse(open ? "OPEN" : status);
  }

  /** Closed as a false alarm, whatever the code. */
  boolean falseAlarm() {
    return "FALSE_ALARM".equals(status);
  }

  /** Closed as a real event (disposition REAL_EVENT). */
  boolean realEvent() {
    return disposition.filter("REAL_EVENT"::equals).isPresent();
  }

  /** Whether a candidate alert at {@code at} is about the same incident: within the tolerance of its events. */
  boolean covers(Instant at, Duration tolerance) {
    return !at.isBefore(eventTime.minus(tolerance)) && !at.isAfter(lastEventAt.plus(tolerance));
  }
}
