package cn.anxin.platform.notify.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.notify.QuietHours;
import cn.anxin.platform.notify.QuietHoursStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalTime;

/**
 * A family contact's quiet hours: read and set by the carers of the elder's site and by
 * administrators, and by the family member whose own contact it is (nobody else's).
 */
final class QuietHoursRoutes implements ApiModule {

  private final Clock clock;
  private final QuietHoursStore store = new QuietHoursStore();

  QuietHoursRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getContactQuietHours", (request, c) -> {
      long contact = contact(c, request);
      return ApiReply.ok(json(store.of(c, contact).orElseThrow(ApiProblem::notFound)));
    });
    routes.blocking("setContactQuietHours", (request, c) -> {
      long contact = contact(c, request);
      JsonObject body = request.body();
      LocalTime from = LocalTime.parse(body.getString("from"));
      LocalTime to = LocalTime.parse(body.getString("to"));
      if (from.equals(to)) {
        throw ApiProblem.invalid(FieldError.of("/body/to", "notify.quiet-hours-empty"));
      }
      QuietHours hours = new QuietHours(from, to, QuietHours.DEFAULT_ZONE);
      store.put(c, contact, hours, request.principal().accountId(), clock.instant());
      return ApiReply.ok(json(hours));
    });
    routes.blocking("clearContactQuietHours", (request, c) -> {
      store.remove(c, contact(c, request));
      return ApiReply.noContent();
    });
  }

  /** The contact of the path, if the caller may see to it; else 404, whether or not it exists. */
  private static long contact(Connection c, ApiRequest request) throws Exception {
    Principal p = request.principal();
    String sql = "SELECT k.id FROM elder_contact k JOIN elder e ON e.id = k.elder_id"
        + " WHERE k.id = ? AND k.elder_id = ? AND e.erased_at IS NULL AND " + Scope.elders(p, "e")
        + (p.role() == Role.FAMILY ? " AND k.account_id = " + p.accountId() : "");
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, request.pathLong("contactId"));
      s.setLong(2, request.pathLong("elderId"));
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        return r.getLong(1);
      }
    }
  }

  private static JsonObject json(QuietHours hours) {
    return new JsonObject().put("from", hours.starts().toString()).put("to", hours.ends().toString())
        .put("zone", hours.zone().getId());
  }
}
