package cn.anxin.platform.api;

import cn.anxin.platform.api.rest.ApiContract;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.Authentication;
import cn.anxin.platform.api.rest.ClientAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The platform's HTTP routes: the REST API built from its OpenAPI contract (every request
 * authenticated, then validated, then checked against the operation's roles), the contract itself
 * at {@code /api/openapi.json}, operations, the HTTP ingest, and the console.
 */
public final class HttpApi {

  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final Operations operations;
  private final ApiServices services;

  public HttpApi(DataSource dataSource, WorkerExecutor workers, Operations operations, ApiServices services) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.operations = Objects.requireNonNull(operations, "operations");
    this.services = Objects.requireNonNull(services, "services");
  }

  /** @param ingest the gateway's HTTP ingest, served under /ingest; null when no gateway runs here */
  public Future<Router> router(Vertx vertx, Router ingest) {
    JsonObject document = ApiContract.document();
    return ApiContract.resolve(vertx, document).map(contract -> {
      RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
      builder.rootHandler(new ClientAddress(services.trustedProxies()));
      builder.rootHandler(new Authentication(dataSource, workers, services.sessions(), contract));
      builder.rootHandler(new RequestBodies());
      ApiRoutes routes = new ApiRoutes(builder, workers, dataSource);
      for (ApiModule module : ApiModules.all(services)) {
        module.mount(routes);
      }
      routes.requireAllBound();
      Router router = builder.createRouter();
      String served = document.encodePrettily();
      router.get("/api/openapi.json").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "application/json; charset=utf-8").end(served));
      router.route("/api/*").failureHandler(ctx ->
          ApiRoutes.fail(ctx, ApiRoutes.locale(ctx), ctx.failure() != null ? ctx.failure()
              : cn.anxin.platform.api.rest.ApiProblem.of(ctx.statusCode() > 0 ? ctx.statusCode() : 500,
                  "problem.status")));
      router.route("/api/*").last().handler(ctx -> ApiRoutes.fail(ctx, ApiRoutes.locale(ctx),
          cn.anxin.platform.api.rest.ApiProblem.notFound()));
      if (ingest != null) {
        router.route("/ingest/*").subRouter(ingest);
      }
      operations.mount(router);
      router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
      router.route().failureHandler(Problems::onFailure);
      router.route().last().handler(ctx -> Problems.send(ctx, 404, "未找到 Not Found",
          "没有这个地址 No such resource: " + ctx.request().path()));
      return router;
    });
  }
}
