package cn.anxin.platform.meals;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Which subsidy policy is in force for a meal: tiers by category, by age and for all, dates, the best amount. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MealPolicyTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  private HikariDataSource db;
  private final MealPolicies policies = new MealPolicies();

  @BeforeAll
  void policies() throws Exception {
    db = TestDatabases.fresh();
    insert("特困 15 元/餐", "EXTREME_POVERTY", 1500, 1500, "2026-01-01", null);
    insert("70 岁以上 5 元/餐", "AGE_70", 500, 800, "2026-01-01", null);
    insert("全体老人 2 元/餐", "ALL", 200, 200, "2026-01-01", "2026-10-31");
    insert("低保 旧政策", "LOW_INCOME", 800, 800, "2025-01-01", "2025-12-31");
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void givenAnElderInACategoryAndOverSeventy_whenLunchIsServed_thenThePolicyGivingMostApplies() throws Exception {
    try (Connection c = db.getConnection()) {
      Optional<MealPolicy> p = policies.forMeal(c, Set.of("EXTREME_POVERTY"), Optional.of(LocalDate.of(1950, 1, 1)),
          DAY, "LUNCH");
      assertThat(p).map(MealPolicy::tier).contains("EXTREME_POVERTY");
      assertThat(p.get().amountFor("LUNCH")).isEqualTo(1500);
    }
  }

  @Test
  void givenAnElderOnlyOverSeventy_whenServed_thenTheAgeTierAppliesFromTheBirthDate() throws Exception {
    try (Connection c = db.getConnection()) {
      assertThat(policies.forMeal(c, Set.of(), Optional.of(LocalDate.of(1956, 11, 2)), DAY, "LUNCH"))
          .map(MealPolicy::tier).contains("AGE_70");
      assertThat(policies.forMeal(c, Set.of(), Optional.of(LocalDate.of(1956, 11, 3)), DAY, "LUNCH"))
          .as("69 until tomorrow, and the ALL policy ended in October").isEmpty();
      assertThat(policies.forMeal(c, Set.of(), Optional.empty(), DAY, "LUNCH")).isEmpty();
    }
  }

  @Test
  void givenPoliciesWithDates_whenAskedForADay_thenOnlyThoseInForceCount() throws Exception {
    try (Connection c = db.getConnection()) {
      assertThat(policies.forMeal(c, Set.of("LOW_INCOME"), Optional.empty(), LocalDate.of(2025, 6, 1), "LUNCH"))
          .map(MealPolicy::tier).contains("LOW_INCOME");
      assertThat(policies.forMeal(c, Set.of("LOW_INCOME"), Optional.empty(), DAY, "LUNCH")).isEmpty();
      assertThat(policies.forMeal(c, Set.of("LOW_INCOME"), Optional.empty(), LocalDate.of(2026, 10, 31), "DINNER"))
          .map(MealPolicy::tier).contains("ALL");
    }
  }

  private void insert(String name, String tier, int amount, int cap, String from, String to) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO meal_policy (name,"
        + " tier, breakfast_fen, lunch_fen, dinner_fen, daily_cap_fen, effective_from, effective_to, created_at)"
        + " VALUES (?, ?, 0, ?, ?, ?, ?::date, ?::date, now())")) {
      s.setString(1, name);
      s.setString(2, tier);
      s.setInt(3, amount);
      s.setInt(4, amount);
      s.setInt(5, cap);
      s.setString(6, from);
      s.setString(7, to);
      s.executeUpdate();
    }
  }
}
