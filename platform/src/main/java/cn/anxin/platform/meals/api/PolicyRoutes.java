package cn.anxin.platform.meals.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Subsidy policies: listed (every role but family), started and ended by administrators. A policy is
 * never edited: what was in force on a day stays readable, and settled meals keep their policy.
 */
final class PolicyRoutes implements ApiModule {

  private static final String COLUMNS = "id, name, tier, breakfast_fen, lunch_fen, dinner_fen, daily_cap_fen,"
      + " meals_per_day, effective_from, effective_to";

  private final Clock clock;

  PolicyRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listMealPolicies", (request, c) -> {
      Optional<LocalDate> on = request.query("on").map(LocalDate::parse);
      JsonArray out = new JsonArray();
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM meal_policy"
          + (on.isPresent() ? " WHERE effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)" : "")
          + " ORDER BY tier, effective_from, id")) {
        if (on.isPresent()) {
          s.setObject(1, on.get());
          s.setObject(2, on.get());
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(json(r));
          }
        }
      }
      return ApiReply.ok(out);
    });
    routes.blocking("createMealPolicy", (request, c) -> {
      JsonObject b = request.body();
      LocalDate from = LocalDate.parse(b.getString("effectiveFrom"));
      LocalDate to = b.getString("effectiveTo") == null ? null : LocalDate.parse(b.getString("effectiveTo"));
      if (to != null && to.isBefore(from)) {
        throw ApiProblem.invalid(FieldError.of("/body/effectiveTo", "meals.policy-dates"));
      }
      c.createStatement().execute("LOCK TABLE meal_policy IN SHARE ROW EXCLUSIVE MODE");
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM meal_policy WHERE tier = ?"
          + " AND effective_from <= coalesce(?::date, 'infinity'::date)"
          + " AND coalesce(effective_to, 'infinity'::date) >= ?")) {
        s.setString(1, b.getString("tier"));
        s.setObject(2, to);
        s.setObject(3, from);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            throw ApiProblem.conflict("meals.policy-overlap", r.getLong(1));
          }
        }
      }
      long id;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO meal_policy (name, tier, breakfast_fen, lunch_fen,"
          + " dinner_fen, daily_cap_fen, meals_per_day, effective_from, effective_to, created_at, created_by)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
        s.setString(1, b.getString("name"));
        s.setString(2, b.getString("tier"));
        s.setInt(3, b.getInteger("breakfastFen"));
        s.setInt(4, b.getInteger("lunchFen"));
        s.setInt(5, b.getInteger("dinnerFen"));
        s.setInt(6, b.getInteger("dailyCapFen"));
        s.setInt(7, b.getInteger("mealsPerDay", 1));
        s.setObject(8, from);
        s.setObject(9, to);
        s.setTimestamp(10, Timestamp.from(clock.instant()));
        s.setLong(11, request.principal().accountId());
        try (ResultSet r = s.executeQuery()) {
          r.next();
          id = r.getLong(1);
        }
      }
      return ApiReply.created(one(c, id), "/api/meals/policies");
    });
    routes.blocking("endMealPolicy", (request, c) -> {
      long id = request.pathLong("policyId");
      LocalDate to = LocalDate.parse(request.body().getString("effectiveTo"));
      JsonObject policy = one(c, id);
      if (to.isBefore(LocalDate.parse(policy.getString("effectiveFrom")))) {
        throw ApiProblem.invalid(FieldError.of("/body/effectiveTo", "meals.policy-dates"));
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE meal_policy SET effective_to = ? WHERE id = ?")) {
        s.setObject(1, to);
        s.setLong(2, id);
        s.executeUpdate();
      }
      return ApiReply.ok(one(c, id));
    });
  }

  private static JsonObject one(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM meal_policy WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return json(r);
      }
    }
  }

  private static JsonObject json(ResultSet r) throws SQLException {
    LocalDate to = r.getObject("effective_to", LocalDate.class);
    return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
        .put("tier", r.getString("tier")).put("breakfastFen", r.getInt("breakfast_fen"))
        .put("lunchFen", r.getInt("lunch_fen")).put("dinnerFen", r.getInt("dinner_fen"))
        .put("dailyCapFen", r.getInt("daily_cap_fen")).put("mealsPerDay", r.getInt("meals_per_day"))
        .put("effectiveFrom", r.getObject("effective_from", LocalDate.class).toString())
        .put("effectiveTo", to == null ? null : to.toString());
  }
}
