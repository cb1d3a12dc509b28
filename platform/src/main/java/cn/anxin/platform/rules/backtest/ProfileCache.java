package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.rules.ElderProfile;
import cn.anxin.platform.rules.ElderProfiles;
import cn.anxin.platform.rules.RuleEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Elder profiles for a replay, read once per elder and day instead of once per event: the live
 * engine reads the profile for every event, which would be most of a replay's queries. A replay
 * changes none of them; one cache serves one elder's replay.
 */
final class ProfileCache implements RuleEngine.ProfileSource {

  private record Key(long elderId, LocalDate day) {}

  private final ElderProfiles profiles = new ElderProfiles();
  private final Map<Key, Optional<ElderProfile>> cache = new HashMap<>();

  @Override
  public Optional<ElderProfile> load(Connection c, long elderId, LocalDate day) throws SQLException {
    Key key = new Key(elderId, day);
    Optional<ElderProfile> known = cache.get(key);
    if (known == null) {
      known = profiles.load(c, elderId, day);
      cache.put(key, known);
    }
    return known;
  }
}
