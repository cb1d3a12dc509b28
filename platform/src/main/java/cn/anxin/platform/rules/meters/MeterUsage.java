package cn.anxin.platform.rules.meters;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;

/**
 * The elders' water and electricity use per half hour ({@code meter_usage}), as the meter rules
 * read and the rule step maintains it. The live platform keeps it in the table
 * ({@link StoredMeterUsage}); a backtest keeps the half hours of its range in memory
 * ({@link ReplayMeterUsage}), so replaying writes nothing.
 */
public interface MeterUsage {

  /** The length of a bucket. */
  Duration BUCKET = Duration.ofMinutes(30);

  /** The start of the half hour an instant lies in. */
  static Instant bucketOf(Instant at) {
    long size = BUCKET.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), size) * size);
  }

  /** Adds an amount to a half hour; returns the half hour's amount after the addition. */
  double add(Connection c, long elderId, MeterKind kind, Instant bucket, double amount) throws SQLException;

  /** The half hours with a start in [from, to), by start. */
  NavigableMap<Instant, Double> buckets(Connection c, long elderId, MeterKind kind, Instant from, Instant to)
      throws SQLException;

  /** The elder's baseline of a kind for a day (the 28 days before it), computed at most once per day. */
  MeterBaseline baseline(Connection c, long elderId, MeterKind kind, LocalDate day) throws SQLException;

  /** The table, as the live platform uses it. */
  static MeterUsage stored() {
    return new StoredMeterUsage();
  }
}
