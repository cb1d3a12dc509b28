package cn.anxin.platform.care;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiRoutes;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Home and community care services (居家和社区养老服务) in the API ({@code openapi/care.yaml}):
 * visits, work orders, and the elders' safe zones drawn on the care map.
 */
public final class CareModule implements ApiModule {

  private final VisitRoutes visits;
  private final WorkOrderRoutes orders;
  private final SafeZoneRoutes zones;

  public CareModule(Vertx vertx, Clock clock) {
    this.visits = new VisitRoutes(vertx, clock);
    this.orders = new WorkOrderRoutes(clock);
    this.zones = new SafeZoneRoutes(clock);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listCareVisits", visits::list);
    routes.blocking("recordCareVisit", visits::record);
    routes.blocking("getCareVisit", visits::get);
    routes.blocking("listWorkOrders", orders::list);
    routes.blocking("createWorkOrder", orders::create);
    routes.blocking("getWorkOrder", orders::get);
    routes.blocking("updateWorkOrder", orders::update);
    routes.blocking("getSafeZones", zones::get);
    routes.blocking("putSafeZones", zones::put);
  }
}
