package cn.anxin.platform.notify;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A contact's quiet hours: from {@code starts} to {@code ends} in local time of {@code zone}, across
 * midnight when {@code starts} is later than {@code ends} (22:00 to 07:00). Only P3 and P4
 * notifications wait for the end; see {@link #holds(String)}.
 */
public record QuietHours(LocalTime starts, LocalTime ends, ZoneId zone) {

  /** The zone quiet hours are kept in unless said otherwise (China Standard Time). */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  public QuietHours {
    Objects.requireNonNull(starts, "starts");
    Objects.requireNonNull(ends, "ends");
    Objects.requireNonNull(zone, "zone");
    if (starts.equals(ends)) {
      throw new IllegalArgumentException("quiet hours must not start and end at the same time");
    }
  }

  /** Whether quiet hours hold back notifications of this severity: P3 and P4 only, never P1 or P2. */
  public static boolean holds(String severity) {
    return "P3".equals(severity) || "P4".equals(severity);
  }

  /** Whether {@code at} falls inside the quiet hours (start inclusive, end exclusive). */
  public boolean contains(Instant at) {
    LocalTime t = at.atZone(zone).toLocalTime();
    if (starts.isBefore(ends)) {
      return !t.isBefore(starts) && t.isBefore(ends);
    }
    return !t.isBefore(starts) || t.isBefore(ends);
  }

  /** When a message due at {@code at} may go: {@code at} itself, or the end of the quiet hours it falls in. */
  public Instant releaseAt(Instant at) {
    if (!contains(at)) {
      return at;
    }
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime end = local.with(ends);
    if (!end.isAfter(local)) {
      end = end.plusDays(1);
    }
    return end.toInstant();
  }
}
