package cn.anxin.platform.notify.api;

import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.notify.Notifications;
import cn.anxin.platform.notify.Outbox;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What was sent about an alert; the messages that could not be sent, and sending them again. */
final class NotificationRoutes implements ApiModule {

  static final String DEFAULT_PURPOSE = "alert-handling";
  private static final List<String> FIELDS = List.of("contacts");

  private final Vertx vertx;
  private final Clock clock;
  private final NotificationViews views = new NotificationViews();
  private final Outbox outbox = new Outbox();

  NotificationRoutes(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listAlertNotifications", this::ofAlert);
    routes.blocking("listDeadNotifications", this::dead);
    routes.blocking("retryNotification", this::retry);
  }

  private ApiReply ofAlert(ApiRequest request, Connection c) throws Exception {
    long alertId = request.pathLong("alertId");
    long elderId;
    try (PreparedStatement s = c.prepareStatement("SELECT a.elder_id FROM alert a JOIN elder e ON e.id = a.elder_id"
        + " WHERE a.id = ? AND " + Scope.elders(request.principal(), "e"))) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        elderId = r.getLong(1);
      }
    }
    var found = views.ofAlert(c, alertId);
    AccessAudit.record(c, request, "ALERT_NOTIFICATIONS", List.of(elderId), FIELDS, DEFAULT_PURPOSE);
    return ApiReply.ok(NotificationViews.json(found));
  }

  private ApiReply dead(ApiRequest request, Connection c) throws Exception {
    int limit = request.queryInt("limit", 100);
    int offset = request.queryInt("offset", 0);
    var page = views.dead(c, limit, offset);
    Set<Long> elders = new LinkedHashSet<>();
    page.forEach(v -> elders.add(v.elderId()));
    if (!elders.isEmpty()) {
      AccessAudit.record(c, request, "NOTIFICATIONS_DEAD", elders, FIELDS, DEFAULT_PURPOSE);
    }
    return ApiReply.ok(new JsonObject().put("items", NotificationViews.json(page)).put("total", views.deadCount(c))
        .put("limit", limit).put("offset", offset));
  }

  private ApiReply retry(ApiRequest request, Connection c) throws Exception {
    long id = request.pathLong("notificationId");
    var before = views.byId(c, id).orElseThrow(ApiProblem::notFound);
    if (!outbox.revive(c, id, clock.instant())) {
      throw ApiProblem.conflict("notify.not-dead", before.json().getString("status"));
    }
    request.afterCommit(() -> vertx.eventBus().publish(Notifications.WAKE_ADDRESS, id));
    var after = views.byId(c, id).orElseThrow();
    AccessAudit.record(c, request, "NOTIFICATION_RETRY", List.of(after.elderId()), FIELDS, DEFAULT_PURPOSE);
    return ApiReply.ok(after.json());
  }
}
