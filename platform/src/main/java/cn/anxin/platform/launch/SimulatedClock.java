package cn.anxin.platform.launch;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that starts at {@code origin} when it is made and runs {@code speed} times faster than
 * real time (1440: a day in a minute). For demonstrations and simulated days only
 * ({@code --clock-origin}, {@code --clock-speed}); real deployments run on {@link Clock#systemUTC()}.
 */
public final class SimulatedClock extends Clock {

  /** The fastest a clock may run: a day in under a second. */
  public static final double MAX_SPEED = 100_000;

  private final Instant origin;
  private final double speed;
  private final long startNanos;
  private final ZoneId zone;

  private SimulatedClock(Instant origin, double speed, long startNanos, ZoneId zone) {
    this.origin = origin;
    this.speed = speed;
    this.startNanos = startNanos;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code origin} now and running {@code speed} times real time.
   *
   * @throws IllegalArgumentException when the speed is not above 0 or above {@link #MAX_SPEED}
   */
  public static SimulatedClock startingAt(Instant origin, double speed) {
    Objects.requireNonNull(origin, "origin");
    if (!(speed > 0) || speed > MAX_SPEED) {
      throw new IllegalArgumentException("clock speed must be above 0 and at most " + (long) MAX_SPEED + ", was " + speed);
    }
    return new SimulatedClock(origin, speed, System.nanoTime(), ZoneId.of("UTC"));
  }

  /** How many times faster than real time this clock runs. */
  public double speed() {
    return speed;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new SimulatedClock(origin, speed, startNanos, Objects.requireNonNull(newZone, "zone"));
  }

  @Override
  public Instant instant() {
    double simulatedNanos = (System.nanoTime() - startNanos) * speed;
    long seconds = (long) (simulatedNanos / 1e9);
    long nanos = (long) (simulatedNanos - seconds * 1e9);
    return origin.plusSeconds(seconds).plusNanos(Math.max(0, nanos));
  }

  @Override
  public String toString() {
    return "SimulatedClock[origin=" + origin + ", speed=" + speed + "]";
  }
}
