package cn.anxin.platform.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.ingest.JournalConsumer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Server-sent events: each alert as it is raised or changes, to every open console whose account may
 * see the alert's elder.
 */
final class AlertStream {

  private static final long KEEP_ALIVE_MILLIS = 15_000;

  private final Vertx vertx;

  AlertStream(Vertx vertx) {
    this.vertx = vertx;
  }

  void handle(RoutingContext ctx, Principal principal) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write("retry: 3000\n: connected\n\n");
    MessageConsumer<JsonObject> alerts = vertx.eventBus().localConsumer(
        JournalConsumer.ALERTS_ADDRESS,
        m -> {
          JsonObject elder = m.body().getJsonObject("elder");
          if (principal.mayView(elder.getLong("id"), elder.getLong("siteId"))) {
            response.write("event: alert\ndata: " + m.body().encode() + "\n\n");
          }
        });
    long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, t -> response.write(": keep-alive\n\n"));
    response.closeHandler(v -> {
      alerts.unregister();
      vertx.cancelTimer(keepAlive);
    });
  }
}
