package cn.anxin.platform.meals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The subsidy policies, and which one is in force for an elder's meal. */
public final class MealPolicies {

  static final String COLUMNS = "id, name, tier, breakfast_fen, lunch_fen, dinner_fen, daily_cap_fen,"
      + " meals_per_day, effective_from, effective_to";

  /** Policies in force on a day. */
  public List<MealPolicy> inForce(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM meal_policy"
        + " WHERE effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?) ORDER BY id")) {
      s.setObject(1, day);
      s.setObject(2, day);
      return read(s);
    }
  }

  /**
   * The policy for the elder's meal: of the policies in force whose tier covers the elder, the one
   * giving the most for this meal type (then the higher daily cap, then the older policy).
   */
  public Optional<MealPolicy> forMeal(Connection c, Set<String> categories, Optional<LocalDate> birthDate,
      LocalDate day, String mealType) throws SQLException {
    return forMeal(c, categories, birthDate, day, mealType, Optional.empty());
  }

  /**
   * As {@link #forMeal(Connection, Set, Optional, LocalDate, String)}, but a day has one policy: when
   * the elder's meals of the day were already subsidised under a policy still covering them, that
   * policy again, so its amounts, daily cap and meals per day apply together (two policies are
   * never mixed within a day).
   */
  public Optional<MealPolicy> forMeal(Connection c, Set<String> categories, Optional<LocalDate> birthDate,
      LocalDate day, String mealType, Optional<Long> todaysPolicy) throws SQLException {
    List<MealPolicy> covering = inForce(c, day).stream().filter(p -> p.covers(categories, birthDate, day)).toList();
    Optional<MealPolicy> today = todaysPolicy.flatMap(id -> covering.stream().filter(p -> p.id() == id).findFirst());
    if (today.isPresent()) {
      return today;
    }
    return covering.stream()
        .max(Comparator.comparingInt((MealPolicy p) -> p.amountFor(mealType))
            .thenComparingInt(MealPolicy::dailyCapFen)
            .thenComparing(Comparator.comparingLong(MealPolicy::id).reversed()));
  }

  static List<MealPolicy> read(PreparedStatement s) throws SQLException {
    List<MealPolicy> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(of(r));
      }
    }
    return out;
  }

  static MealPolicy of(ResultSet r) throws SQLException {
    return new MealPolicy(r.getLong("id"), r.getString("name"), r.getString("tier"), r.getInt("breakfast_fen"),
        r.getInt("lunch_fen"), r.getInt("dinner_fen"), r.getInt("daily_cap_fen"), r.getInt("meals_per_day"),
        r.getObject("effective_from", LocalDate.class), r.getObject("effective_to", LocalDate.class));
  }
}
