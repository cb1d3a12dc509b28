package cn.anxin.platform.rules.meters;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The half hours of a backtest: those from the start of the replayed range on (its first whole half
 * hour) are built in memory
 * from the replayed readings (the stored ones hold what live processing made of the same readings,
 * and writing is not allowed in a replay); those before it are read from {@code meter_usage}, so
 * baselines reach back before the range. One instance serves one elder's replay.
 */
public final class ReplayMeterUsage implements MeterUsage {

  private record Key(long elderId, MeterKind kind) {}

  private record BaselineKey(long elderId, MeterKind kind, LocalDate day) {}

  private final Instant start;
  private final Map<Key, NavigableMap<Instant, Double>> replayed = new HashMap<>();
  private final Map<BaselineKey, MeterBaseline> baselines = new HashMap<>();

  /**
   * @param start the start of the replayed range: half hours from the first one that starts at or
   *     after it are replayed; one that the range starts inside keeps what was stored, since the
   *     readings before the range's start are not replayed
   */
  public ReplayMeterUsage(Instant start) {
    Instant bucket = MeterUsage.bucketOf(start);
    this.start = bucket.equals(start) ? bucket : bucket.plus(MeterUsage.BUCKET);
  }

  @Override
  public double add(Connection c, long elderId, MeterKind kind, Instant bucket, double amount) {
    if (bucket.isBefore(start)) {
      return amount;
    }
    return replayed.computeIfAbsent(new Key(elderId, kind), k -> new TreeMap<>()).merge(bucket, amount, Double::sum);
  }

  @Override
  public NavigableMap<Instant, Double> buckets(Connection c, long elderId, MeterKind kind, Instant from, Instant to)
      throws SQLException {
    NavigableMap<Instant, Double> buckets = new TreeMap<>();
    if (from.isBefore(start)) {
      buckets.putAll(StoredMeterUsage.read(c, elderId, kind, from, to.isBefore(start) ? to : start));
    }
    NavigableMap<Instant, Double> mine = replayed.get(new Key(elderId, kind));
    if (mine != null && to.isAfter(start)) {
      buckets.putAll(mine.subMap(from.isBefore(start) ? start : from, true, to, false));
    }
    return buckets;
  }

  @Override
  public MeterBaseline baseline(Connection c, long elderId, MeterKind kind, LocalDate day) throws SQLException {
    BaselineKey key = new BaselineKey(elderId, kind, day);
    MeterBaseline known = baselines.get(key);
    if (known == null) {
      known = MeterBaseline.of(day, buckets(c, elderId, kind, MeterBaseline.start(day), MeterBaseline.end(day)));
      baselines.put(key, known);
    }
    return known;
  }
}
