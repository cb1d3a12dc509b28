package cn.anxin.gateway.decode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * What event times the gateway accepts, measured against its own receive time. Devices have wrong
 * clocks and upload late (NB-IoT meters once a day), so:
 *
 * <ul>
 *   <li>more than {@code maxFutureSkew} ahead: kept, flagged {@link TimeFlag#CLOCK_AHEAD}, its
 *       effective time bounded to the receive time;
 *   <li>more than {@code maxAge} behind: refused;
 *   <li>more than {@code lateAfter} behind: kept, flagged {@link TimeFlag#LATE};
 *   <li>otherwise {@link TimeFlag#OK}.
 * </ul>
 *
 * @param maxFutureSkew how far ahead of the receive time an event time may be and still be believed
 * @param maxAge how far behind the receive time an event time may be and still be accepted
 * @param lateAfter how far behind the receive time an event counts as late (for dashboards)
 */
public record TimePolicy(Duration maxFutureSkew, Duration maxAge, Duration lateAfter) {

  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  public static final Duration DEFAULT_LATE_AFTER = Duration.ofMinutes(15);

  public TimePolicy {
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(lateAfter, "lateAfter");
    if (maxFutureSkew.isNegative() || lateAfter.isNegative() || maxAge.compareTo(lateAfter) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= maxFutureSkew and 0 <= lateAfter <= maxAge, got " + this);
    }
  }

  public static TimePolicy defaults() {
    return new TimePolicy(DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_AGE, DEFAULT_LATE_AFTER);
  }

  /**
   * The verdict on one event time.
   *
   * @param effectiveTime the time the platform files and orders the event by, in the device's offset
   * @param flag why the effective time is what it is
   */
  public record Verdict(OffsetDateTime effectiveTime, TimeFlag flag) {}

  /** Judges a device's event time against the receive time; refuses it when it is too old. */
  public Verdict judge(OffsetDateTime deviceTime, Instant receivedAt) throws DecodeException {
    Duration ahead = Duration.between(receivedAt, deviceTime.toInstant());
    if (ahead.compareTo(maxFutureSkew) > 0) {
      return new Verdict(receivedAt.atOffset(deviceTime.getOffset()), TimeFlag.CLOCK_AHEAD);
    }
    Duration behind = ahead.negated();
    if (behind.compareTo(maxAge) > 0) {
      throw new DecodeException("/ts: " + deviceTime.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " is " + words(behind)
          + " before it was received, older than maxAge (" + words(maxAge) + ")");
    }
    return new Verdict(deviceTime, behind.compareTo(lateAfter) > 0 ? TimeFlag.LATE : TimeFlag.OK);
  }

  /** A duration as an engineer reads it, to the second below it: "7 days", "1 day 12 hours", "90 seconds". */
  static String words(Duration d) {
    long s = d.toSeconds();
    if (s >= 86_400) {
      return plural(s / 86_400, "day") + rest(s % 86_400 / 3_600, "hour");
    }
    if (s >= 3_600) {
      return plural(s / 3_600, "hour") + rest(s % 3_600 / 60, "minute");
    }
    if (s >= 60) {
      return plural(s / 60, "minute") + rest(s % 60, "second");
    }
    return plural(s, "second");
  }

  private static String rest(long n, String unit) {
    return n == 0 ? "" : " " + plural(n, unit);
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
