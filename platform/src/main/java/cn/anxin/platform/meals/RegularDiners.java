package cn.anxin.platform.meals;

import cn.anxin.platform.rules.config.RuleCatalogue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Regular diners of a station, as the meal no-show rule defines them: meals at the station on at
 * least {@code regularDays} of its last {@code regularWindowDays} service days up to a day (the
 * global values of MEAL_NO_SHOW in the configuration in force, else the catalogue's defaults).
 */
public final class RegularDiners {

  private final MealCalendar calendar = new MealCalendar();

  /** How many regular diners the station has as of the day. */
  public long count(Connection c, long stationSiteId, LocalDate asOf) throws SQLException {
    int window = parameter(c, "regularWindowDays");
    int regular = Math.min(parameter(c, "regularDays"), window);
    Set<Integer> weekdays = calendar.weekdays(c, stationSiteId);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = asOf; days.size() < window; d = d.minusDays(1)) {
      if (MealCalendar.serves(weekdays, d)) {
        days.add(d);
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM (SELECT elder_id FROM meal_diner_day"
        + " WHERE station_site_id = ? AND service_day = ANY (?) GROUP BY elder_id"
        + " HAVING count(DISTINCT service_day) >= ?) d")) {
      s.setLong(1, stationSiteId);
      s.setArray(2, c.createArrayOf("date", days.toArray()));
      s.setInt(3, regular);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static int parameter(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT (document -> 'rules' -> 'MEAL_NO_SHOW' ->> ?)::int"
        + " FROM rule_config WHERE active")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (r.next() && r.getObject(1) != null) {
          return r.getInt(1);
        }
      }
    }
    return ((Number) RuleCatalogue.get("MEAL_NO_SHOW").parameters().get(name).defaultValue()).intValue();
  }
}
