package cn.anxin.platform.notify.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiRoutes;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;

/** The notifications area of the API (contract fragment {@code openapi/notifications.yaml}). */
public final class NotifyModule implements ApiModule {

  private final Vertx vertx;
  private final Clock clock;

  public NotifyModule(Vertx vertx, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void mount(ApiRoutes routes) {
    new NotificationRoutes(vertx, clock).mount(routes);
    new WebhookRoutes(clock).mount(routes);
    new QuietHoursRoutes(clock).mount(routes);
  }
}
