package cn.anxin.platform.meals;

import cn.anxin.platform.rules.RuleEngine;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.Set;

/**
 * Service days of meal stations (their weekdays; every day when a station has no settings) and
 * elders' meal leave, read in the caller's transaction.
 */
public final class MealCalendar {

  /** When an absent service day counts as missed: after dinner service, in the elders' time zone. */
  public static final LocalTime DAY_CHECKED_AT = LocalTime.of(20, 0);

  private static final Set<Integer> EVERY_DAY = Set.of(1, 2, 3, 4, 5, 6, 7);

  /** The ISO weekdays a station serves meals on. */
  public Set<Integer> weekdays(Connection c, Long stationSiteId) throws SQLException {
    if (stationSiteId == null) {
      return EVERY_DAY;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT service_weekdays FROM meal_station WHERE site_id = ?")) {
      s.setLong(1, stationSiteId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return EVERY_DAY;
        }
        Array array = r.getArray(1);
        Set<Integer> days = new HashSet<>();
        for (Object d : (Object[]) array.getArray()) {
          days.add(((Number) d).intValue());
        }
        return days;
      }
    }
  }

  /** Whether the elder has recorded meal leave covering the day. */
  public boolean onLeave(Connection c, long elderId, LocalDate day) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM meal_leave WHERE elder_id = ? AND from_date <= ? AND to_date >= ? LIMIT 1")) {
      s.setLong(1, elderId);
      s.setObject(2, day);
      s.setObject(3, day);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /**
   * Whether the elder is excused from the station on the day: meal leave, or away or in hospital
   * (a status period covering the day). Such a day is neither an absence nor a service day.
   */
  public boolean excused(Connection c, long elderId, LocalDate day) throws SQLException {
    if (onLeave(c, elderId, day)) {
      return true;
    }
    try (PreparedStatement s = c.prepareStatement(
        "SELECT x.status IN ('AWAY', 'HOSPITAL') FROM elder_status x WHERE x.elder_id = ? AND x.from_date <= ?"
            + " AND (x.to_date IS NULL OR x.to_date >= ?) ORDER BY x.from_date DESC, x.id DESC LIMIT 1")) {
      s.setLong(1, elderId);
      s.setObject(2, day);
      s.setObject(3, day);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  /** Whether the elder had a meal recorded (at any station) on the day. */
  public boolean ate(Connection c, long elderId, LocalDate day) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM meal_record WHERE elder_id = ? AND service_day = ? LIMIT 1")) {
      s.setLong(1, elderId);
      s.setObject(2, day);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** The moment an absence on that day is judged: {@link #DAY_CHECKED_AT} in the elders' zone. */
  public static Instant checkedAt(LocalDate day) {
    return day.atTime(DAY_CHECKED_AT).atZone(RuleEngine.CARE_ZONE).toInstant();
  }

  public static LocalDate dayOf(Instant at) {
    return LocalDate.ofInstant(at, RuleEngine.CARE_ZONE);
  }

  public static boolean serves(Set<Integer> weekdays, LocalDate day) {
    return weekdays.contains(day.getDayOfWeek().getValue());
  }
}
