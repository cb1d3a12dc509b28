package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backtest area of the API ({@code openapi/backtest.yaml}): replay a range of stored readings
 * through a candidate rule configuration and compare its alerts with those actually raised
 * (docs/rules.md, "Backtesting"). A backtest may take minutes, so it runs on a worker of its own
 * (not one of the shared database workers the journal, the timers and the rest of the API use), one
 * at a time: another asked meanwhile is 429. The report names elders, so it is recorded in the
 * access audit (action BACKTEST) in the request's transaction.
 */
public final class BacktestRoutes implements ApiModule {

  private static final Logger LOG = LoggerFactory.getLogger(BacktestRoutes.class);
  private static final String AUDIT_ACTION = "BACKTEST";
  private static final List<String> AUDIT_FIELDS = List.of("alerts");
  private static final String PURPOSE = "rule-backtest";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Semaphore running = new Semaphore(1);
  private final Backtest backtest = new Backtest();

  public BacktestRoutes(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  @Override
  public void mount(ApiRoutes routes) {
    // Longer than a backtest may run, so Vert.x does not report the worker as blocked meanwhile.
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("anxin-backtest", 1,
        Backtest.MAX_RUN_TIME.plusMinutes(5).toMillis(), TimeUnit.MILLISECONDS);
    DataSource dataSource = routes.dataSource();
    routes.handler("runRuleBacktest", ctx -> {
      ApiRequest request = ApiRoutes.request(ctx);
      if (!running.tryAcquire()) {
        ApiRoutes.fail(ctx, request.locale(), ApiProblem.of(429, "backtest.busy").retryAfter(RETRY_AFTER));
        return;
      }
      worker.<ApiReply>executeBlocking(() -> inTransaction(dataSource, request), false).onComplete(result -> {
        running.release();
        if (result.succeeded()) {
          ApiRoutes.write(ctx, request.locale(), result.result());
        } else {
          ApiRoutes.fail(ctx, request.locale(), result.cause());
        }
      });
    });
  }

  private ApiReply inTransaction(DataSource dataSource, ApiRequest request) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        ApiReply reply = run(request, c);
        c.commit();
        return reply;
      } catch (SQLException | RuntimeException | Error e) {
        c.rollback();
        throw e;
      }
    }
  }

  private ApiReply run(ApiRequest request, Connection c) throws SQLException {
    BacktestRequest asked = BacktestRequest.parse(c, request.principal(), request.body());
    List<Long> elders = BacktestScope.elders(c, request.principal(), asked);
    long started = System.nanoTime();
    BacktestReport report = backtest.run(c, asked, elders);
    JsonObject answer = report.toJson();
    LOG.info("backtest by {} of {} .. {}: {} elders, {} events in {} ms", request.principal().username(),
        asked.from(), asked.to(), answer.getInteger("elders"), answer.getLong("events"),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    AccessAudit.record(c, request, AUDIT_ACTION, report.namedElders(), AUDIT_FIELDS, PURPOSE);
    return ApiReply.ok(new JsonObject()
        .put("from", asked.from().toString())
        .put("to", asked.to().toString())
        .put("siteId", asked.siteId().orElse(null))
        .put("toleranceMinutes", asked.tolerance().toMinutes())
        .put("assumedHandlingMinutes", asked.assumedHandling().toMinutes())
        .mergeIn(answer));
  }
}
