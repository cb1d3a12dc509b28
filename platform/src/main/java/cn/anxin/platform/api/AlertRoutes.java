package cn.anxin.platform.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
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
  private final AlertStream stream;

  AlertRoutes(Vertx vertx) {
    this.stream = new AlertStream(vertx);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listOpenAlerts", (request, c) -> {
      Principal p = request.principal();
      return ApiReply.ok(AlertJson.of(alerts.open(c, Scope.elders(p, "e"),
          AlertLifeRoutes.severities(request), request.queryLong("siteId"))));
    });
    routes.handler("streamAlerts", ctx -> stream.handle(ctx, ctx.get(ApiRoutes.PRINCIPAL)));
  }
}
