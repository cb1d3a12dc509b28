package cn.anxin.platform.meals;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import java.util.Set;

/**
 * A subsidy policy of one tier: an elder category, an age ({@code AGE_70}: aged 70 or more on the
 * meal's day) or {@code ALL}; amounts per meal type in fen, a cap per day, and how many meals a day
 * are subsidised. Effective dates are inclusive; an open end is null.
 */
public record MealPolicy(long id, String name, String tier, int breakfastFen, int lunchFen, int dinnerFen,
    int dailyCapFen, int mealsPerDay, LocalDate effectiveFrom, LocalDate effectiveTo) {

  /** The amount per meal of a meal type (BREAKFAST, LUNCH, DINNER). */
  public int amountFor(String mealType) {
    return switch (mealType) {
      case "BREAKFAST" -> breakfastFen;
      case "LUNCH" -> lunchFen;
      case "DINNER" -> dinnerFen;
      default -> throw new IllegalArgumentException("meal type " + mealType);
    };
  }

  /** Whether an elder of these categories, born then, belongs to the tier on the day. */
  public boolean covers(Set<String> categories, Optional<LocalDate> birthDate, LocalDate day) {
    if (tier.equals("ALL")) {
      return true;
    }
    if (tier.startsWith("AGE_")) {
      int age = Integer.parseInt(tier.substring(4));
      return birthDate.isPresent() && Period.between(birthDate.get(), day).getYears() >= age;
    }
    return categories.contains(tier);
  }

  public boolean inForce(LocalDate day) {
    return !day.isBefore(effectiveFrom) && (effectiveTo == null || !day.isAfter(effectiveTo));
  }
}
