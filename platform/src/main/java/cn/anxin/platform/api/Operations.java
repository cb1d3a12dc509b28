package cn.anxin.platform.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Routes for operators: {@code GET /metrics} (Prometheus text format 0.0.4), {@code /health/live}
 * (the process serves HTTP) and {@code /health/ready} (the database answers and every other named
 * check holds, such as the MQTT listeners being bound). {@code /health} is an alias of ready.
 * {@code /health/clock} tells the platform's time and how fast it runs (1 in real time; more when
 * started on a simulated clock), so that a simulator can pace itself by it; nothing else.
 */
public final class Operations {

  /** How long readiness waits for the database before calling it down. */
  static final long DATABASE_CHECK_MILLIS = 2_000;

  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final PrometheusMeterRegistry metrics;
  private final Map<String, BooleanSupplier> checks;
  private final java.time.Clock clock;
  private final double clockSpeed;

  /**
   * @param checks further readiness checks by name, answered on the event loop (no blocking)
   */
  public Operations(DataSource dataSource, WorkerExecutor workers, PrometheusMeterRegistry metrics,
      Map<String, BooleanSupplier> checks) {
    this(dataSource, workers, metrics, checks, java.time.Clock.systemUTC(), 1);
  }

  /**
   * @param clock the platform's clock, told by {@code GET /health/clock}
   * @param clockSpeed how many times faster than real time it runs (1: real time)
   */
  public Operations(DataSource dataSource, WorkerExecutor workers, PrometheusMeterRegistry metrics,
      Map<String, BooleanSupplier> checks, java.time.Clock clock, double clockSpeed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clockSpeed = clockSpeed;
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.checks = Map.copyOf(checks);
  }

  void mount(Router router) {
    router.get("/metrics").handler(this::metrics);
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/health").handler(this::ready);
    router.get("/health/clock").handler(ctx -> json(ctx, 200, new JsonObject()
        .put("now", clock.instant().toString())
        .put("speed", clockSpeed)
        .put("simulated", clock instanceof cn.anxin.platform.launch.SimulatedClock)));
  }

  private void metrics(RoutingContext ctx) {
    workers.executeBlocking(metrics::scrape, false).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
          .end(result.result());
    });
  }

  private void ready(RoutingContext ctx) {
    databaseAnswers().onComplete(database -> {
      Map<String, Boolean> results = new LinkedHashMap<>();
      results.put("database", database.succeeded() && database.result());
      checks.forEach((name, check) -> results.put(name, check.getAsBoolean()));
      boolean up = !results.containsValue(false);
      JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN");
      results.forEach((name, ok) -> body.put(name, ok ? "UP" : "DOWN"));
      if (!up) {
        body.put("failed", results.entrySet().stream()
            .filter(e -> !e.getValue()).map(Map.Entry::getKey).toList());
      }
      json(ctx, up ? 200 : 503, body);
    });
  }

  private Future<Boolean> databaseAnswers() {
    return workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return c.isValid(2);
      }
    }, false).timeout(DATABASE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
