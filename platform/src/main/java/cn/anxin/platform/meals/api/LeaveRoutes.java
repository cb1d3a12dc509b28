package cn.anxin.platform.meals.api;

import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Optional;
import java.util.Set;

/** Meal leave: an elder announces absence; read and recorded for the elders in the caller's scope. */
final class LeaveRoutes implements ApiModule {

  private static final String COLUMNS = "l.id, l.elder_id, l.from_date, l.to_date, l.reason, l.recorded_at";

  private final Clock clock;

  LeaveRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listMealLeaves", (request, c) -> {
      Optional<Long> elder = request.queryLong("elderId");
      Optional<LocalDate> from = request.query("from").map(LocalDate::parse);
      Optional<LocalDate> to = request.query("to").map(LocalDate::parse);
      List<Object> args = new ArrayList<>();
      StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM meal_leave l JOIN elder e ON e.id = l.elder_id"
          + " WHERE e.erased_at IS NULL AND " + Scope.elders(request.principal(), "e"));
      if (elder.isPresent()) {
        sql.append(" AND l.elder_id = ?");
        args.add(elder.get());
      }
      if (from.isPresent()) {
        sql.append(" AND l.to_date >= ?");
        args.add(from.get());
      }
      if (to.isPresent()) {
        sql.append(" AND l.from_date <= ?");
        args.add(to.get());
      }
      sql.append(" ORDER BY l.from_date, l.id LIMIT 1000");
      JsonArray out = new JsonArray();
      Set<Long> elders = new LinkedHashSet<>();
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          s.setObject(i + 1, args.get(i));
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(json(r));
            elders.add(r.getLong("elder_id"));
          }
        }
      }
      if (!elders.isEmpty()) {
        AccessAudit.record(c, request, "MEAL_LEAVES", elders, List.of("mealLeave"), "meal-leave");
      }
      return ApiReply.ok(out);
    });
    routes.blocking("recordMealLeave", (request, c) -> {
      JsonObject b = request.body();
      long elder = b.getLong("elderId");
      CredentialRoutes.elder(c, request.principal(), elder);
      LocalDate from = LocalDate.parse(b.getString("from"));
      LocalDate to = LocalDate.parse(b.getString("to"));
      if (to.isBefore(from)) {
        throw ApiProblem.invalid(FieldError.of("/body/to", "meals.leave-dates"));
      }
      if (to.isAfter(from.plusDays(366))) {
        throw ApiProblem.invalid(FieldError.of("/body/to", "meals.leave-too-long"));
      }
      long id;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO meal_leave (elder_id, from_date, to_date, reason,"
          + " recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
        s.setLong(1, elder);
        s.setObject(2, from);
        s.setObject(3, to);
        s.setString(4, b.getString("reason"));
        s.setTimestamp(5, Timestamp.from(clock.instant()));
        s.setLong(6, request.principal().accountId());
        try (ResultSet r = s.executeQuery()) {
          r.next();
          id = r.getLong(1);
        }
      }
      return ApiReply.created(one(c, id), "/api/meals/leaves?elderId=" + elder);
    });
    routes.blocking("deleteMealLeave", (request, c) -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM meal_leave l USING elder e WHERE l.id = ?"
          + " AND e.id = l.elder_id AND e.erased_at IS NULL AND " + Scope.elders(request.principal(), "e"))) {
        s.setLong(1, request.pathLong("leaveId"));
        if (s.executeUpdate() == 0) {
          throw ApiProblem.notFound();
        }
      }
      return ApiReply.noContent();
    });
  }

  private static JsonObject one(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM meal_leave l WHERE l.id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return json(r);
      }
    }
  }

  private static JsonObject json(ResultSet r) throws SQLException {
    return new JsonObject().put("id", r.getLong("id")).put("elderId", r.getLong("elder_id"))
        .put("from", r.getObject("from_date", LocalDate.class).toString())
        .put("to", r.getObject("to_date", LocalDate.class).toString())
        .put("reason", r.getString("reason"))
        .put("recordedAt", Stations.iso(r.getTimestamp("recorded_at")));
  }
}
