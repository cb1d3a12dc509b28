package cn.anxin.platform.caremap;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import java.time.Clock;

/**
 * The care map (关爱地图) area of the API ({@code openapi/map.yaml}): the map itself, staff duty
 * reports, and the nearest responders to an alert.
 */
public final class CareMapRoutes implements ApiModule {

  private final CareMapRead map;
  private final StaffDuty duty;
  private final AlertResponders responders;

  public CareMapRoutes(Clock clock) {
    this.map = new CareMapRead(clock);
    this.duty = new StaffDuty(clock);
    this.responders = new AlertResponders(clock);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getCareMap", map::read);
    routes.blocking("getMyDuty", (request, c) -> ApiReply.ok(duty.read(c, request.principal().accountId())));
    routes.blocking("putMyDuty", (request, c) ->
        ApiReply.ok(duty.report(c, request.principal().accountId(), request.body())));
    routes.blocking("listAlertResponders", responders::list);
  }
}
