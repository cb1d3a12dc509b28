package cn.anxin.platform.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Elder profiles for the live engine, cached per elder and day between registry changes. Once per
 * batch ({@link #beforeBatch}) the engine reads {@code elder_profile_epoch}, a counter that
 * triggers on {@code elder}, {@code elder_status} and {@code ability_assessment} raise in the
 * transaction of every change (migration V13); when it moved, the cache is dropped. A change of
 * categories, risk tier, status period or ability level is therefore seen from the first batch that
 * starts after it commits, in this process and any other over the same database.
 */
final class LiveProfiles implements RuleEngine.ProfileSource {

  /** The cache is dropped when it holds more than this (many elders over many days). */
  static final int MAX_ENTRIES = 50_000;

  private record Key(long elderId, LocalDate day) {}

  private final ElderProfiles profiles = new ElderProfiles();
  private final Map<Key, Optional<ElderProfile>> cache = new ConcurrentHashMap<>();
  private volatile long epoch = Long.MIN_VALUE;

  /** Drops the cache when the registry changed since the last batch. */
  void beforeBatch(Connection c) throws SQLException {
    long now;
    try (PreparedStatement s = c.prepareStatement("SELECT epoch FROM elder_profile_epoch");
        ResultSet r = s.executeQuery()) {
      now = r.next() ? r.getLong(1) : Long.MIN_VALUE + 1;
    }
    if (now != epoch || cache.size() > MAX_ENTRIES) {
      cache.clear();
      epoch = now;
    }
  }

  @Override
  public Optional<ElderProfile> load(Connection c, long elderId, LocalDate day) throws SQLException {
    Key key = new Key(elderId, day);
    Optional<ElderProfile> known = cache.get(key);
    if (known == null) {
      known = profiles.loadLive(c, elderId, day);
      cache.put(key, known);
    }
    return known;
  }
}
