package cn.anxin.platform.meals.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.meals.FraudSettings;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fraud flags for review: supervisors of the station's site, the bureau (read) and administrators.
 * Confirming keeps a withheld subsidy withheld; dismissing grants it to the meal record. Also the
 * thresholds of the flags.
 */
final class FlagRoutes implements ApiModule {

  private static final String SELECT = "SELECT f.*, s.name AS station_name,"
      + " CASE WHEN e.erased_at IS NULL THEN e.name END AS elder_name"
      + " FROM meal_flag f LEFT JOIN site s ON s.id = f.station_site_id LEFT JOIN elder e ON e.id = f.elder_id";

  private final Clock clock;

  FlagRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listMealFlags", (request, c) -> {
      Principal p = request.principal();
      List<Object> args = new ArrayList<>();
      StringBuilder sql = new StringBuilder(SELECT + " WHERE " + scope(p));
      request.query("status").ifPresent(st -> {
        sql.append(" AND f.status = ?");
        args.add(st);
      });
      request.queryLong("stationId").ifPresent(st -> {
        sql.append(" AND f.station_site_id = ?");
        args.add(st);
      });
      sql.append(" ORDER BY f.raised_at DESC, f.id DESC LIMIT ").append(request.queryInt("limit", 50))
          .append(" OFFSET ").append(request.queryInt("offset", 0));
      JsonArray out = new JsonArray();
      Set<Long> elders = new LinkedHashSet<>();
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          s.setObject(i + 1, args.get(i));
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            JsonObject flag = json(r);
            out.add(flag);
            if (flag.getLong("elderId") != null) {
              elders.add(flag.getLong("elderId"));
            }
          }
        }
      }
      if (!elders.isEmpty()) {
        AccessAudit.record(c, request, "MEAL_FLAGS", elders, List.of("mealFlags"), "meal-fraud-review");
      }
      return ApiReply.ok(out);
    });
    routes.blocking("reviewMealFlag", (request, c) -> {
      long id = request.pathLong("flagId");
      JsonObject flag = one(c, request.principal(), id, true);
      if (!"OPEN".equals(flag.getString("status"))) {
        throw ApiProblem.conflict("meals.flag-reviewed");
      }
      String decision = request.body().getString("decision");
      try (PreparedStatement s = c.prepareStatement("UPDATE meal_flag SET status = ?, reviewed_at = ?,"
          + " reviewed_by = ?, review_note = ? WHERE id = ?")) {
        s.setString(1, decision);
        s.setTimestamp(2, Timestamp.from(clock.instant()));
        s.setLong(3, request.principal().accountId());
        s.setString(4, request.body().getString("note"));
        s.setLong(5, id);
        s.executeUpdate();
      }
      int withheld = flag.getInteger("withheldFen");
      if (decision.equals("DISMISSED") && withheld > 0 && flag.getLong("mealRecordId") != null) {
        try (PreparedStatement s = c.prepareStatement("UPDATE meal_record SET subsidy_fen = subsidy_fen + ?,"
            + " outcome = 'SUBSIDISED', note = concat_ws('; ', note, ?) WHERE id = ? AND outcome = 'WITHHELD'")) {
          s.setInt(1, withheld);
          s.setString(2, "subsidy granted on review of flag " + id);
          s.setLong(3, flag.getLong("mealRecordId"));
          s.executeUpdate();
        }
      }
      JsonObject reviewed = one(c, request.principal(), id, false);
      if (reviewed.getLong("elderId") != null) {
        AccessAudit.record(c, request, "MEAL_FLAGS", List.of(reviewed.getLong("elderId")), List.of("mealFlags"),
            "meal-fraud-review");
      }
      return ApiReply.ok(reviewed);
    });
    routes.blocking("getMealFraudSettings", (request, c) -> ApiReply.ok(settings(c)));
    routes.blocking("setMealFraudSettings", (request, c) -> {
      JsonObject b = request.body();
      if (b.getInteger("minBaselineDays") > b.getInteger("baselineDays")) {
        throw ApiProblem.invalid(FieldError.of("/body/minBaselineDays", "meals.baseline-days"));
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE meal_fraud_settings SET two_station_minutes = ?,"
          + " count_sigmas = ?, baseline_days = ?, min_baseline_days = ?, updated_at = ?, updated_by = ?")) {
        s.setInt(1, b.getInteger("twoStationMinutes"));
        s.setBigDecimal(2, new BigDecimal(b.getValue("countSigmas").toString()));
        s.setInt(3, b.getInteger("baselineDays"));
        s.setInt(4, b.getInteger("minBaselineDays"));
        s.setTimestamp(5, Timestamp.from(clock.instant()));
        s.setLong(6, request.principal().accountId());
        s.executeUpdate();
      }
      return ApiReply.ok(settings(c));
    });
  }

  /** Flags of stations in the caller's scope; a flag without a station only for bureau and administrators. */
  private static String scope(Principal p) {
    return p.role().readsAll() ? "TRUE" : "(f.station_site_id IS NOT NULL AND " + Scope.siteId(p, "f.station_site_id")
        + ")";
  }

  private static JsonObject one(Connection c, Principal p, long id, boolean lock) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE f.id = ? AND " + scope(p)
        + (lock ? " FOR UPDATE OF f" : ""))) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return json(r);
      }
    }
  }

  private static JsonObject settings(Connection c) throws SQLException {
    FraudSettings f = FraudSettings.read(c);
    return new JsonObject().put("twoStationMinutes", f.twoStationMinutes())
        .put("countSigmas", f.countSigmas().doubleValue()).put("baselineDays", f.baselineDays())
        .put("minBaselineDays", f.minBaselineDays());
  }

  private static JsonObject json(ResultSet r) throws SQLException {
    return new JsonObject().put("id", r.getLong("id")).put("rule", r.getString("rule"))
        .put("reason", r.getString("reason"))
        .put("stationId", (Long) r.getObject("station_site_id", Long.class))
        .put("stationName", r.getString("station_name"))
        .put("elderId", (Long) r.getObject("elder_id", Long.class))
        .put("elderName", r.getString("elder_name"))
        .put("mealRecordId", (Long) r.getObject("meal_record_id", Long.class))
        .put("relatedRecordId", (Long) r.getObject("related_record_id", Long.class))
        .put("serviceDay", r.getObject("service_day", LocalDate.class).toString())
        .put("withheldFen", r.getInt("withheld_fen"))
        .put("detail", new JsonObject(r.getString("detail")))
        .put("raisedAt", Stations.iso(r.getTimestamp("raised_at")))
        .put("status", r.getString("status"))
        .put("reviewedAt", Stations.iso(r.getTimestamp("reviewed_at")))
        .put("reviewNote", r.getString("review_note"));
  }
}
