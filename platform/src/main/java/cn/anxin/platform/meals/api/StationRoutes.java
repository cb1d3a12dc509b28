package cn.anxin.platform.meals.api;

import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.TreeSet;

/** Meal stations: the list in scope, and their service days (administrators). */
final class StationRoutes implements ApiModule {

  private static final String SELECT = "SELECT s.id, s.code, s.name, s.area_code,"
      + " coalesce(m.service_weekdays, '{1,2,3,4,5,6,7}'::smallint[]) AS weekdays,"
      + " coalesce((SELECT array_agg(d.id ORDER BY d.id) FROM device d WHERE d.site_id = s.id"
      + " AND d.kind = 'MEAL_READER'), '{}') AS readers"
      + " FROM site s LEFT JOIN meal_station m ON m.site_id = s.id WHERE s.kind = 'MEAL_STATION'";

  private final Clock clock;

  StationRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listMealStations", (request, c) -> {
      JsonArray out = new JsonArray();
      try (PreparedStatement s = c.prepareStatement(SELECT + " AND " + Scope.siteId(request.principal(), "s.id")
          + " ORDER BY s.code"); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(json(r));
        }
      }
      return ApiReply.ok(out);
    });
    routes.blocking("setMealStation", (request, c) -> {
      long site = request.pathLong("siteId");
      Stations.visible(c, request.principal(), site);
      TreeSet<Integer> days = new TreeSet<>();
      request.body().getJsonArray("serviceWeekdays").forEach(d -> days.add(((Number) d).intValue()));
      try (PreparedStatement s = c.prepareStatement("INSERT INTO meal_station (site_id, service_weekdays, updated_at,"
          + " updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET service_weekdays ="
          + " EXCLUDED.service_weekdays, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")) {
        s.setLong(1, site);
        s.setArray(2, c.createArrayOf("smallint", days.stream().map(Integer::shortValue).toArray()));
        s.setTimestamp(3, Timestamp.from(clock.instant()));
        s.setLong(4, request.principal().accountId());
        s.executeUpdate();
      }
      return ApiReply.ok(one(c, site));
    });
  }

  private static JsonObject one(Connection c, long site) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " AND s.id = ?")) {
      s.setLong(1, site);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return json(r);
      }
    }
  }

  private static JsonObject json(ResultSet r) throws SQLException {
    JsonArray weekdays = new JsonArray();
    for (Object d : (Object[]) r.getArray("weekdays").getArray()) {
      weekdays.add(((Number) d).intValue());
    }
    JsonArray readers = new JsonArray();
    for (Object d : (Object[]) r.getArray("readers").getArray()) {
      readers.add(d);
    }
    return new JsonObject().put("siteId", r.getLong("id")).put("code", r.getString("code"))
        .put("name", r.getString("name")).put("areaCode", r.getString("area_code"))
        .put("serviceWeekdays", weekdays).put("readers", readers);
  }
}
