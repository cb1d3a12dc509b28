package cn.anxin.platform.rules.meters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code meter_usage} in the caller's transaction: additive upserts (order-independent), range reads
 * by the primary key. Baselines are cached per elder, kind and day (a late reading of an earlier day
 * reaches the next day's baseline).
 */
final class StoredMeterUsage implements MeterUsage {

  private static final String ADD = "INSERT INTO meter_usage (elder_id, kind, bucket, amount, readings)"
      + " VALUES (?, ?, ?, ?, 1) ON CONFLICT (elder_id, kind, bucket)"
      + " DO UPDATE SET amount = meter_usage.amount + EXCLUDED.amount, readings = meter_usage.readings + 1"
      + " RETURNING amount";
  /** About 11 KB each: at most ~110 MB of baselines per engine. */
  private static final int MAX_BASELINES = 10_000;

  private record Key(long elderId, MeterKind kind, LocalDate day) {}

  private final Map<Key, MeterBaseline> baselines = new ConcurrentHashMap<>();

  @Override
  public double add(Connection c, long elderId, MeterKind kind, Instant bucket, double amount) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ADD)) {
      s.setLong(1, elderId);
      s.setString(2, kind.name());
      s.setTimestamp(3, Timestamp.from(bucket));
      s.setDouble(4, amount);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getDouble(1);
      }
    }
  }

  @Override
  public NavigableMap<Instant, Double> buckets(Connection c, long elderId, MeterKind kind, Instant from, Instant to)
      throws SQLException {
    return read(c, elderId, kind, from, to);
  }

  @Override
  public MeterBaseline baseline(Connection c, long elderId, MeterKind kind, LocalDate day) throws SQLException {
    Key key = new Key(elderId, kind, day);
    MeterBaseline known = baselines.get(key);
    if (known == null) {
      if (baselines.size() > MAX_BASELINES) {
        // Baselines of days before yesterday are no longer asked for; past that, start again.
        baselines.keySet().removeIf(k -> k.day().isBefore(day.minusDays(1)));
        if (baselines.size() > MAX_BASELINES) {
          baselines.clear();
        }
      }
      known = MeterBaseline.of(day, buckets(c, elderId, kind, MeterBaseline.start(day), MeterBaseline.end(day)));
      baselines.put(key, known);
    }
    return known;
  }

  static NavigableMap<Instant, Double> read(Connection c, long elderId, MeterKind kind, Instant from, Instant to)
      throws SQLException {
    NavigableMap<Instant, Double> buckets = new TreeMap<>();
    if (!from.isBefore(to)) {
      return buckets;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT bucket, amount FROM meter_usage"
        + " WHERE elder_id = ? AND kind = ? AND bucket >= ? AND bucket < ? ORDER BY bucket")) {
      s.setLong(1, elderId);
      s.setString(2, kind.name());
      s.setTimestamp(3, Timestamp.from(from));
      s.setTimestamp(4, Timestamp.from(to));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          buckets.put(r.getTimestamp(1).toInstant(), r.getDouble(2));
        }
      }
    }
    return buckets;
  }
}
