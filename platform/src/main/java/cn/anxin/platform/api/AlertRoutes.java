package cn.anxin.platform.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.alerts.AlertView;
import cn.anxin.platform.privacy.AccessAudit;
import java.util.List;
import cn.anxin.platform.alerts.AlertJson;
import cn.anxin.platform.alerts.AlertQueries;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import io.vertx.core.Vertx;

/**
 * Open alerts in the caller's scope (optionally of some severities or one site), and their live
 * stream. The rest of an alert's life is in {@link AlertLifeRoutes}.
 */
final class AlertRoutes implements ApiModule {

  private final AlertQueries alerts = new AlertQueries();
  private final Vertx vertx;
  private final Sessions sessions;
  private final java.time.Clock clock;

  AlertRoutes(Vertx vertx, Sessions sessions, java.time.Clock clock) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listOpenAlerts", (request, c) -> {
      Principal p = request.principal();
      List<AlertView> open = alerts.open(c, Scope.elders(p, "e"),
          AlertLifeRoutes.severities(request), request.queryLong("siteId"));
      AccessAudit.record(c, request, "ALERT_LIST", open.stream().map(AlertView::elderId).distinct().toList(),
          List.of("name", "alert"), "alert-board");
      return ApiReply.ok(AlertJson.of(open));
    });
    StreamAudit audit = new StreamAudit(vertx, routes.dataSource(), routes.workers(), clock);
    AlertStream stream = new AlertStream(vertx, sessions, routes.dataSource(), routes.workers(), audit);
    routes.handler("streamAlerts", stream::handle);
  }
}
