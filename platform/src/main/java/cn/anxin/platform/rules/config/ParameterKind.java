package cn.anxin.platform.rules.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule parameter holds and which values make sense for it. Durations are whole numbers of
 * their unit, above zero; rates are per minute.
 */
public enum ParameterKind {
  BOOLEAN(0, 0, null),
  /** P1 (acknowledge within 60 s) to P4 (informational). */
  SEVERITY(0, 0, null),
  SECONDS(1, 7 * 24 * 3600, ChronoUnit.SECONDS),
  MINUTES(1, 7 * 24 * 60, ChronoUnit.MINUTES),
  HOURS(1, 30 * 24, ChronoUnit.HOURS),
  /** How many of something, e.g. missed heartbeats. */
  COUNT(1, 100, null),
  /** A battery level threshold, 0 to 100. */
  PERCENT(0, 100, null),
  /** Beats or breaths per minute. */
  RATE(1, 250, null),
  /** Litres of water. */
  LITRES(1, 100_000, null),
  /** Watt-hours of electricity. */
  WATT_HOURS(1, 1_000_000, null),
  /** A list of zone names (1-32 characters each), matched without regard to case. */
  ZONES(1, 20, null);

  public static final Set<String> SEVERITIES = Set.of("P1", "P2", "P3", "P4");

  private final int min;
  private final int max;
  private final ChronoUnit unit;

  ParameterKind(int min, int max, ChronoUnit unit) {
    this.min = min;
    this.max = max;
    this.unit = unit;
  }

  /** Whether the kind is a duration (seconds, minutes, hours). */
  public boolean isDuration() {
    return unit != null;
  }

  /** A stored value of this kind as a duration. */
  public Duration duration(Object value) {
    if (unit == null) {
      throw new IllegalStateException(this + " is not a duration");
    }
    return Duration.of(((Number) value).longValue(), unit);
  }

  /**
   * Why the value does not fit, as a message key and its arguments; empty when it fits.
   * Integers must be whole JSON numbers.
   */
  public Optional<ConfigError> check(String pointer, Object value) {
    return switch (this) {
      case BOOLEAN -> value instanceof Boolean ? Optional.empty()
          : Optional.of(ConfigError.of(pointer, "rules.not-boolean"));
      case SEVERITY -> value instanceof String s && SEVERITIES.contains(s) ? Optional.empty()
          : Optional.of(ConfigError.of(pointer, "rules.bad-severity"));
      case ZONES -> checkZones(pointer, value);
      default -> checkInteger(pointer, value);
    };
  }

  private Optional<ConfigError> checkInteger(String pointer, Object value) {
    if (!(value instanceof Integer || value instanceof Long)) {
      return Optional.of(ConfigError.of(pointer, "rules.not-integer"));
    }
    long n = ((Number) value).longValue();
    if (n < min && min == 1) {
      return Optional.of(ConfigError.of(pointer, "rules.not-positive"));
    }
    if (n < min || n > max) {
      return Optional.of(ConfigError.of(pointer, "rules.out-of-range", min, max));
    }
    return Optional.empty();
  }

  private Optional<ConfigError> checkZones(String pointer, Object value) {
    if (!(value instanceof List<?> list) || list.size() < min || list.size() > max) {
      return Optional.of(ConfigError.of(pointer, "rules.bad-zones", min, max));
    }
    for (Object zone : list) {
      if (!(zone instanceof String s) || s.isBlank() || s.length() > 32) {
        return Optional.of(ConfigError.of(pointer, "rules.bad-zones", min, max));
      }
    }
    return Optional.empty();
  }
}
