package cn.anxin.platform.meals.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.meals.CredentialKeys;
import cn.anxin.platform.meals.MealCalendar;
import java.time.Clock;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The meals served at a station on a day, for the staff of the station's site and those above them. */
final class RecordRoutes implements ApiModule {

  private final Clock clock;

  RecordRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listMealRecords", (request, c) -> {
      long station = request.pathLong("siteId");
      Stations.visible(c, request.principal(), station);
      LocalDate day = request.query("day").map(LocalDate::parse)
          .orElseGet(() -> MealCalendar.dayOf(clock.instant()));
      JsonArray out = new JsonArray();
      Set<Long> elders = new LinkedHashSet<>();
      try (PreparedStatement s = c.prepareStatement("SELECT r.*, e.code AS elder_code,"
          + " CASE WHEN e.erased_at IS NULL THEN e.name END AS elder_name"
          + " FROM meal_record r LEFT JOIN elder e ON e.id = r.elder_id"
          + " WHERE r.station_site_id = ? AND r.service_day = ? ORDER BY r.served_at, r.id")) {
        s.setLong(1, station);
        s.setObject(2, day);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Long elder = (Long) r.getObject("elder_id", Long.class);
            if (elder != null) {
              elders.add(elder);
            }
            out.add(new JsonObject().put("id", r.getLong("id"))
                .put("servedAt", Stations.iso(r.getTimestamp("served_at")))
                .put("mealType", r.getString("meal_type")).put("terminal", r.getString("terminal"))
                .put("credential", r.getString("credential_type") + " "
                    + CredentialKeys.masked(r.getString("credential_last4")))
                .put("elderId", elder).put("elderCode", r.getString("elder_code"))
                .put("elderName", r.getString("elder_name"))
                .put("policyId", (Long) r.getObject("policy_id", Long.class))
                .put("priceFen", r.getInt("price_fen")).put("claimedSubsidyFen", r.getInt("claimed_subsidy_fen"))
                .put("subsidyFen", r.getInt("subsidy_fen")).put("paidFen", r.getInt("paid_fen"))
                .put("outcome", r.getString("outcome")).put("note", r.getString("note")));
          }
        }
      }
      if (!elders.isEmpty()) {
        AccessAudit.record(c, request, "MEAL_RECORDS", elders, List.of("name", "meals"), "meal-records");
      }
      return ApiReply.ok(out);
    });
  }
}
