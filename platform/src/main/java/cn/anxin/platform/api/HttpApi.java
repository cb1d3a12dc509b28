package cn.anxin.platform.api;

import cn.anxin.platform.alerts.AlertJson;
import cn.anxin.platform.alerts.AlertQueries;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.sql.Connection;
import java.util.Objects;
import javax.sql.DataSource;

/** The platform's HTTP routes: the alert API, its live stream, operations, and the console. */
public final class HttpApi {

  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final AlertQueries alerts = new AlertQueries();
  private final AlertStream stream;
  private final CommandRoutes commands;

  private final Operations operations;

  public HttpApi(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Operations operations) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.stream = new AlertStream(vertx);
    this.operations = Objects.requireNonNull(operations, "operations");
    this.commands = new CommandRoutes(vertx, dataSource, workers, java.time.Clock.systemUTC());
  }

  public Router router(Vertx vertx) {
    return router(vertx, null);
  }

  /** @param ingest the gateway's HTTP ingest, served under /ingest; null when no gateway runs here */
  public Router router(Vertx vertx, Router ingest) {
    Router router = Router.router(vertx);
    if (ingest != null) {
      router.route("/ingest/*").subRouter(ingest);
    }
    router.get("/api/alerts").handler(this::openAlerts);
    router.get("/api/alerts/stream").handler(stream::handle);
    commands.mount(router);
    new RejectionRoutes(dataSource, workers).mount(router);
    operations.mount(router);
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(Problems::onFailure);
    router.route().last().handler(ctx -> Problems.send(ctx, 404, "未找到 Not Found",
        "没有这个地址 No such resource: " + ctx.request().path()));
    return router;
  }

  private void openAlerts(RoutingContext ctx) {
    workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return AlertJson.of(alerts.open(c));
      }
    }, false).onComplete(result -> {
      if (result.failed()) {
        Problems.send(ctx, 503, "服务暂不可用 Service Unavailable",
            "告警暂时无法读取 Alerts cannot be read right now.");
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .end(result.result().encode());
    });
  }
}
