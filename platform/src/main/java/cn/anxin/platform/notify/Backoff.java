package cn.anxin.platform.notify;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt: the step of the schedule for the attempts made so far
 * (the last step repeats), spread by a random jitter of +/- {@code jitter} of it, so receivers that
 * come back are not hit by every waiting message in the same second.
 */
public final class Backoff {

  private final List<Duration> steps;
  private final double jitter;
  private final RandomGenerator random;

  public Backoff(List<Duration> steps, double jitter, RandomGenerator random) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a back-off schedule needs at least one step");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1)");
    }
    this.steps = List.copyOf(steps);
    this.jitter = jitter;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
  public Duration after(int attempts) {
    Duration base = steps.get(Math.min(Math.max(attempts, 1), steps.size()) - 1);
    if (jitter == 0) {
      return base;
    }
    double factor = 1 - jitter + 2 * jitter * random.nextDouble();
    return Duration.ofMillis(Math.round(base.toMillis() * factor));
  }
}
