package cn.anxin.platform.meals.api;

import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.meals.RegularDiners;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The meal figures the bureau supervises over a range of days, per station in the caller's scope and
 * in all, from the meal_* views: meals per day, unique and regular diners, subsidy by tier, share to
 * priority groups, fraud flags per 1,000 meals. Aggregates only.
 */
final class StatisticsRoutes implements ApiModule {

  private final RegularDiners regular = new RegularDiners();

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getMealStatistics", (request, c) -> {
      LocalDate from = LocalDate.parse(request.query("from").orElseThrow());
      LocalDate to = LocalDate.parse(request.query("to").orElseThrow());
      if (to.isBefore(from)) {
        throw ApiProblem.invalid(FieldError.of("/query/to", "meals.range"));
      }
      if (to.isAfter(from.plusDays(366))) {
        throw ApiProblem.invalid(FieldError.of("/query/to", "meals.range-too-long"));
      }
      Optional<Long> only = request.queryLong("stationId");
      Map<Long, JsonObject> stations = new LinkedHashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT s.id, s.code, s.name FROM site s"
          + " WHERE s.kind = 'MEAL_STATION' AND " + Scope.siteId(request.principal(), "s.id")
          + (only.isPresent() ? " AND s.id = " + only.get() : "") + " ORDER BY s.code")) {
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            stations.put(r.getLong(1), new JsonObject().put("stationId", r.getLong(1)).put("code", r.getString(2))
                .put("name", r.getString(3)));
          }
        }
      }
      JsonObject total = zero();
      JsonArray list = new JsonArray();
      for (Map.Entry<Long, JsonObject> e : stations.entrySet()) {
        JsonObject figures = figures(c, List.of(e.getKey()), from, to);
        figures.put("regularDiners", regular.count(c, e.getKey(), to));
        list.add(e.getValue().mergeIn(figures));
        total.put("regularDiners", total.getLong("regularDiners") + figures.getLong("regularDiners"));
      }
      if (!stations.isEmpty()) {
        JsonObject all = figures(c, new ArrayList<>(stations.keySet()), from, to);
        all.put("regularDiners", total.getLong("regularDiners"));
        total = all;
      }
      return ApiReply.ok(new JsonObject().put("from", from.toString()).put("to", to.toString())
          .put("stations", list).put("total", total));
    });
  }

  private static JsonObject zero() {
    return new JsonObject().put("regularDiners", 0L);
  }

  /** The figures of some stations over the range. */
  private static JsonObject figures(Connection c, List<Long> stations, LocalDate from, LocalDate to)
      throws SQLException {
    String in = " station_site_id = ANY (?) AND service_day BETWEEN ? AND ?";
    JsonObject out = new JsonObject();
    try (PreparedStatement s = c.prepareStatement("SELECT count(*), coalesce(sum(meals), 0),"
        + " coalesce(sum(subsidised_meals), 0), coalesce(sum(subsidy_fen), 0), coalesce(sum(claimed_subsidy_fen), 0),"
        + " coalesce(sum(price_fen), 0), coalesce(sum(paid_fen), 0), coalesce(sum(unknown_credential_meals), 0)"
        + " FROM meal_station_day WHERE" + in)) {
      bind(c, s, stations, from, to);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long days = r.getLong(1);
        long meals = r.getLong(2);
        out.put("serviceDays", days).put("meals", meals)
            .put("mealsPerDay", days == 0 ? 0.0 : Math.round(meals * 100.0 / days) / 100.0)
            .put("subsidisedMeals", r.getLong(3)).put("subsidyFen", r.getLong(4))
            .put("claimedSubsidyFen", r.getLong(5)).put("priceFen", r.getLong(6)).put("paidFen", r.getLong(7))
            .put("unknownCredentialMeals", r.getLong(8));
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(DISTINCT elder_id) FROM meal_diner_day WHERE" + in)) {
      bind(c, s, stations, from, to);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        out.put("uniqueDiners", r.getLong(1));
      }
    }
    JsonObject byTier = new JsonObject();
    try (PreparedStatement s = c.prepareStatement("SELECT tier, sum(meals), sum(subsidy_fen)"
        + " FROM meal_subsidy_tier_day WHERE" + in + " GROUP BY tier ORDER BY tier")) {
      bind(c, s, stations, from, to);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          byTier.put(r.getString(1), new JsonObject().put("meals", r.getLong(2)).put("subsidyFen", r.getLong(3)));
        }
      }
    }
    out.put("subsidyByTier", byTier);
    try (PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(priority_meals), 0),"
        + " coalesce(sum(priority_subsidy_fen), 0) FROM meal_priority_day WHERE" + in)) {
      bind(c, s, stations, from, to);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long meals = out.getLong("meals");
        long subsidy = out.getLong("subsidyFen");
        out.put("priorityMeals", r.getLong(1))
            .put("priorityMealShare", meals == 0 ? 0.0 : Math.round(r.getLong(1) * 1000.0 / meals) / 1000.0)
            .put("prioritySubsidyShare", subsidy == 0 ? 0.0 : Math.round(r.getLong(2) * 1000.0 / subsidy) / 1000.0);
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(flags), 0),"
        + " coalesce(sum(flags) FILTER (WHERE rule = 'DUPLICATE_SUBSIDY'), 0),"
        + " coalesce(sum(flags) FILTER (WHERE rule = 'INELIGIBLE_RECIPIENT'), 0)"
        + " FROM meal_flag_day WHERE" + in)) {
      bind(c, s, stations, from, to);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long meals = out.getLong("meals");
        out.put("fraudFlags", r.getLong(1)).put("duplicateSubsidyFlags", r.getLong(2))
            .put("ineligibleRecipientFlags", r.getLong(3))
            .put("fraudFlagsPer1000Meals", meals == 0 ? 0.0 : Math.round(r.getLong(1) * 100000.0 / meals) / 100.0);
      }
    }
    return out;
  }

  private static void bind(Connection c, PreparedStatement s, List<Long> stations, LocalDate from, LocalDate to)
      throws SQLException {
    s.setArray(1, c.createArrayOf("bigint", stations.toArray()));
    s.setObject(2, from);
    s.setObject(3, to);
  }
}
