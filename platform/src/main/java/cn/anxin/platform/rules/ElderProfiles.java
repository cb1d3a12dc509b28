package cn.anxin.platform.rules;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/** Reads {@link ElderProfile}s in the caller's transaction: one query per elder and day. */
public final class ElderProfiles {

  private static final String PROFILE =
      "SELECT e.categories, e.risk_tier, e.erased_at IS NOT NULL,"
          + " (SELECT a.level FROM ability_assessment a WHERE a.elder_id = e.id"
          + "   ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1),"
          + " (SELECT x.status FROM elder_status x WHERE x.elder_id = e.id AND x.from_date <= ?"
          + "   AND (x.to_date IS NULL OR x.to_date >= ?) ORDER BY x.from_date DESC, x.id DESC LIMIT 1),"
          + " EXISTS (SELECT 1 FROM elder_status x WHERE x.elder_id = e.id AND x.status = 'DECEASED'"
          + "   AND (x.from_date <= ? OR ?))"
          + " FROM elder e WHERE e.id = ?";

  /** The elder as they were on the day, as a replay of that day sees them. */
  public Optional<ElderProfile> load(Connection c, long elderId, LocalDate day) throws SQLException {
    return load(c, elderId, day, false);
  }

  /**
   * The elder on the day as live processing sees them: a death already recorded counts as
   * deceased also for a day before it, so a backlog that arrives after the death raises nothing.
   */
  public Optional<ElderProfile> loadLive(Connection c, long elderId, LocalDate day) throws SQLException {
    return load(c, elderId, day, true);
  }

  private Optional<ElderProfile> load(Connection c, long elderId, LocalDate day, boolean live) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(PROFILE)) {
      s.setObject(1, day);
      s.setObject(2, day);
      s.setObject(3, day);
      s.setBoolean(4, live);
      s.setLong(5, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Array categories = r.getArray(1);
        Set<String> names = categories == null ? Set.of() : Set.of((String[]) categories.getArray());
        return Optional.of(new ElderProfile(elderId, names, r.getString(2), Optional.ofNullable(r.getString(4)),
            day, Optional.ofNullable(r.getString(5)), r.getBoolean(6), r.getBoolean(3)));
      }
    }
  }
}
