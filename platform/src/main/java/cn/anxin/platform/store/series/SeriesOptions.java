package cn.anxin.platform.store.series;

import java.time.Duration;
import java.util.Map;

/**
 * How long the store keeps what.
 *
 * @param readingRetention typed readings ({@code ANXIN_READING_RETENTION_DAYS}, default 400): on
 *     the native layout whole monthly partitions are dropped once all their rows are older; on
 *     TimescaleDB a retention policy drops chunks
 * @param rollupRetention hourly rollups ({@code ANXIN_ROLLUP_RETENTION_DAYS}, default 1830, five years)
 * @param journalRetention processed {@code device_event} rows that no alert refers to
 *     ({@code ANXIN_JOURNAL_RETENTION_DAYS}, default 0: kept for ever, for the rules' look-backs and
 *     backtests)
 * @param monthsAhead native layout: monthly partitions created ahead of the current month (default 2)
 */
public record SeriesOptions(
    Duration readingRetention, Duration rollupRetention, Duration journalRetention, int monthsAhead) {

  public static final SeriesOptions DEFAULT =
      new SeriesOptions(Duration.ofDays(400), Duration.ofDays(1830), Duration.ZERO, 2);

  public SeriesOptions {
    if (readingRetention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("reading retention must be at least a day: " + readingRetention);
    }
    if (rollupRetention.compareTo(readingRetention) < 0) {
      throw new IllegalArgumentException("rollups must be kept at least as long as readings");
    }
    if (journalRetention.isNegative()) {
      throw new IllegalArgumentException("journal retention must be 0 (keep) or positive");
    }
    if (monthsAhead < 1 || monthsAhead > 24) {
      throw new IllegalArgumentException("months ahead must be 1..24: " + monthsAhead);
    }
  }

  public static SeriesOptions fromEnv(Map<String, String> env) {
    return new SeriesOptions(
        days(env, "ANXIN_READING_RETENTION_DAYS", DEFAULT.readingRetention),
        days(env, "ANXIN_ROLLUP_RETENTION_DAYS", DEFAULT.rollupRetention),
        days(env, "ANXIN_JOURNAL_RETENTION_DAYS", DEFAULT.journalRetention),
        DEFAULT.monthsAhead);
  }

  /** Whether processed journal rows are ever deleted. */
  public boolean prunesJournal() {
    return !journalRetention.isZero();
  }

  private static Duration days(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Duration.ofDays(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number of days: " + value, e);
    }
  }
}
