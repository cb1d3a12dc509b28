package cn.anxin.bench.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The clock the rule step reads: the benchmark sets it to each event's receive time, as if live. */
final class BenchClock extends Clock {

  private volatile Instant now;

  BenchClock(Instant start) {
    this.now = start;
  }

  void set(Instant to) {
    now = to;
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
    throw new UnsupportedOperationException("one zone");
  }
}
