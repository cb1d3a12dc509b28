package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** An elder's status periods: read by everyone who may see the elder, added by carers. */
final class StatusPeriodRoutes implements ApiModule {

  private final Clock clock;

  StatusPeriodRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listElderStatusPeriods", (request, c) -> {
      ScopedElder elder = ScopedElder.find(c, request.principal(), request.pathLong("elderId"));
      LocalDate today = CareDay.today(clock);
      JsonObject answer = new JsonObject()
          .put("current", StatusPeriods.on(c, elder.id(), today))
          .put("items", StatusPeriods.list(c, elder.id()));
      AccessAudit.record(c, request, "ELDER_READ", List.of(elder.id()), List.of("statusPeriods"),
          ElderRoutes.DEFAULT_PURPOSE);
      return ApiReply.ok(answer);
    });
    routes.blocking("addElderStatusPeriod", (request, c) -> {
      ScopedElder elder = ScopedElder.forChange(c, request.principal(), request.pathLong("elderId"));
      JsonObject period = StatusPeriods.add(c, elder.id(), request.body(), request.principal().accountId(),
          CareDay.today(clock));
      return new ApiReply(201, period, null, Map.of());
    });
  }
}
