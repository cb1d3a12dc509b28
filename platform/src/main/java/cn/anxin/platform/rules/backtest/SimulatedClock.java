package cn.anxin.platform.rules.backtest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The clock of a replay: it stands where the replay is (the event time of the event at hand, or the
 * due time of the timer firing) and only moves forward. One replay, one thread.
 */
final class SimulatedClock extends Clock {

  private Instant now;

  SimulatedClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** Moves the clock to {@code to}, unless it already stands later. */
  void advanceTo(Instant to) {
    if (to.isAfter(now)) {
      now = to;
    }
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a replay's clock has one zone");
  }
}
