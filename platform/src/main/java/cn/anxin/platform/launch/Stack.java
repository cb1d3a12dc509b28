package cn.anxin.platform.launch;

import cn.anxin.gateway.auth.DeviceAuthenticator;
import cn.anxin.gateway.auth.JdbcDeviceDirectory;
import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.gateway.command.CommandDispatcher;
import cn.anxin.gateway.command.CommandStore;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.gateway.forward.JdbcEventJournal;
import cn.anxin.gateway.forward.JdbcQuarantine;
import cn.anxin.gateway.http.HttpIngest;
import cn.anxin.gateway.http.HttpIngestOptions;
import cn.anxin.gateway.http.HttpIngestServer;
import cn.anxin.gateway.ingest.IngestPipeline;
import cn.anxin.gateway.mqtt.MqttGateway;
import cn.anxin.gateway.observe.GatewayCounters;
import cn.anxin.gateway.observe.JvmMeters;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.api.ApiServices;
import cn.anxin.platform.api.HttpApi;
import cn.anxin.platform.privacy.IdCardVault;
import io.vertx.ext.web.Router;
import cn.anxin.platform.api.Operations;
import cn.anxin.platform.ingest.JournalConsumer;
import cn.anxin.platform.rules.timers.RuleTimers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gateway and platform wired together over one database: the whole product in one process. */
public final class Stack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

  /** HTTP/1.1: a cleartext HTTP/2 (h2c) upgrade is declined; clients that asked for one broke on large answers. */
  private static final io.vertx.core.http.HttpServerOptions HTTP_OPTIONS =
      new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false);

  private final WorkerExecutor workers;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmMeters jvm = JvmMeters.bindTo(metrics);
  private MqttGateway gateway;
  private HttpServer http;
  private JournalConsumer consumer;
  private cn.anxin.gateway.safety.SafetyLane safetyLane;
  private cn.anxin.platform.safety.WarmBindings laneBindings;
  private cn.anxin.platform.safety.ProvisionalAlerts provisionalAlerts;
  private cn.anxin.platform.notify.Notifications notifications;
  private RuleTimers ruleTimers;
  private cn.anxin.platform.escalation.EscalationTimers escalations;
  private cn.anxin.platform.care.VisitSweep visitSweep;
  private CommandDispatcher commands;
  private cn.anxin.platform.store.series.SeriesMaintenance series;

  private Stack(WorkerExecutor workers) {
    this.workers = workers;
  }

  /** Starts the parts the options ask for; the future completes when all of them listen. */
  public static Future<Stack> start(Vertx vertx, DataSource dataSource, StackOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    if (options.runPlatform() && options.piiKeys() == null) {
      return Future.failedFuture(new IllegalStateException("ANXIN_PII_KEYS and ANXIN_PII_HASH_KEY must be set:"
          + " the platform keeps ID-card numbers encrypted and will not start without its keys"));
    }
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("anxin-db", 16);
    Stack stack = new Stack(workers);
    Context context = vertx.getOrCreateContext();
    Promise<Stack> started = Promise.promise();
    SecretHasher hasher = new SecretHasher();
    context.runOnContext(v -> {
      try {
        stack.startParts(vertx, dataSource, options, hasher, workers, started);
      } catch (RuntimeException e) {
        started.tryFail(e);
      }
    });
    return started.future();
  }

  private void startParts(Vertx vertx, DataSource dataSource, StackOptions options, SecretHasher hasher,
      WorkerExecutor workers, Promise<Stack> started) {
    Stack stack = this;
    {
      Future<Void> gatewayUp = Future.succeededFuture();
      HttpIngest httpIngest = null;
      if (options.runGateway()) {
        DeviceAuthenticator authenticator =
            new DeviceAuthenticator(new JdbcDeviceDirectory(dataSource), hasher, workers);
        JdbcEventJournal journal = new JdbcEventJournal(vertx, dataSource, workers);
        stack.safetyLane = new cn.anxin.gateway.safety.SafetyLane(vertx, journal);
        IngestPipeline ingest = new IngestPipeline(new PayloadDecoder(), journal,
            new JdbcQuarantine(dataSource, workers), options.clock(), new GatewayCounters(metrics),
            stack.safetyLane);
        gatewayUp = MqttGateway.start(vertx, options.gateway(), authenticator, ingest,
                new cn.anxin.gateway.auth.FamilyAppAuthenticator(
                    new cn.anxin.gateway.auth.JdbcFamilyAppDirectory(dataSource), hasher, workers))
            .onSuccess(g -> {
              stack.gateway = g;
              g.counters().countConnections(g::connections);
              stack.commands = new CommandDispatcher(vertx, new CommandStore(dataSource), workers,
                  g.commandOutlet(), options.clock(), options.journalPollMillis());
              stack.commands.start();
            })
            .mapEmpty();
        httpIngest = new HttpIngest(vertx, authenticator, ingest,
            HttpIngestOptions.withMessageLimit(options.gateway().maxMessageBytes()));
      }
      Future<Void> platformUp = Future.succeededFuture();
      if (options.runPlatform()) {
        stack.laneBindings = new cn.anxin.platform.safety.WarmBindings(vertx, dataSource, workers,
            cn.anxin.platform.safety.WarmBindings.DEFAULT_CHECK_MILLIS,
            cn.anxin.platform.safety.WarmBindings.DEFAULT_RELOAD_MILLIS);
        stack.provisionalAlerts = new cn.anxin.platform.safety.ProvisionalAlerts(vertx, stack.laneBindings);
        platformUp = Future.all(stack.laneBindings.start(), stack.provisionalAlerts.start()).mapEmpty();
        stack.consumer = new JournalConsumer(
            vertx, dataSource, workers, options.clock(), options.journalPollMillis(), new IdCardVault(options.piiKeys()));
        stack.consumer.start();
        stack.notifications = cn.anxin.platform.notify.Notifications.start(vertx, dataSource, options.clock(),
            cn.anxin.platform.notify.NotifyOptions.fromEnv(System.getenv()));
        stack.ruleTimers = new RuleTimers(
            vertx, dataSource, workers, options.clock(), RuleTimers.DEFAULT_PERIOD_MILLIS);
        stack.ruleTimers.start();
        stack.series = new cn.anxin.platform.store.series.SeriesMaintenance(dataSource, options.clock(),
            cn.anxin.platform.store.series.SeriesOptions.fromEnv(System.getenv()))
            .start(vertx, workers, cn.anxin.platform.store.series.SeriesMaintenance.DEFAULT_PERIOD_MILLIS);
        stack.escalations = new cn.anxin.platform.escalation.EscalationTimers(vertx, dataSource, workers,
            options.clock(), cn.anxin.platform.escalation.EscalationTimers.DEFAULT_PERIOD_MILLIS);
        stack.escalations.start();
        stack.visitSweep = new cn.anxin.platform.care.VisitSweep(vertx, dataSource, workers, options.clock());
        stack.visitSweep.start();
        ApiServices services = new ApiServices(vertx, options.clock(), hasher, new Accounts(hasher),
            new Sessions(sessionClock(options), options.sessionLifetime()), new IdCardVault(options.piiKeys()),
            options.trustedProxies(), options.mapTiles());
        HttpApi api = new HttpApi(dataSource, workers,
            new Operations(dataSource, workers, metrics, readinessChecks(options), options.clock(),
            options.clock() instanceof SimulatedClock simulated ? simulated.speed() : 1), services);
        Router ingestRouter = httpIngest == null ? null : httpIngest.router();
        platformUp = platformUp.compose(warm -> api.router(vertx, ingestRouter))
            .compose(router -> vertx.createHttpServer(HTTP_OPTIONS).requestHandler(router)
                .listen(options.httpPort(), options.httpHost()))
            .onSuccess(s -> {
              stack.http = s;
              LOG.info("console and API on http://{}:{}/", options.httpHost(), s.actualPort());
            })
            .mapEmpty();
      } else if (httpIngest != null) {
        // The gateway alone still serves the HTTP ingest, on the HTTP port.
        platformUp = HttpIngestServer.listen(vertx, httpIngest, options.httpHost(), options.httpPort())
            .onSuccess(s -> stack.http = s)
            .mapEmpty();
      }
      Future.all(gatewayUp, platformUp)
          .onSuccess(all -> started.complete(stack))
          .onFailure(e -> stack.closeAsync().onComplete(done -> started.fail(e)));
    }
  }

  /** Sign-ins last a real shift even when the platform runs on a simulated clock. */
  private static java.time.Clock sessionClock(StackOptions options) {
    return options.clock() instanceof SimulatedClock ? java.time.Clock.systemUTC() : options.clock();
  }

  /** Readiness beyond the database: with a gateway in this process, its MQTT listeners. */
  private Map<String, BooleanSupplier> readinessChecks(StackOptions options) {
    // MqttGateway.start completes only once every listener (TCP, TLS, WebSocket) is bound.
    return options.runGateway()
        ? Map.of("mqtt", () -> gateway != null && gateway.actualPort() > 0)
        : Map.of();
  }

  /** The MQTT port devices connect to, or -1 when this process runs no gateway. */
  public int mqttPort() {
    return gateway == null ? -1 : gateway.actualPort();
  }

  /** The HTTP port (API and console, HTTP ingest), or -1 when this process serves no HTTP. */
  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  public MqttGateway gateway() {
    return gateway;
  }

  /** The gateway's end of the safety lane, or null when this process runs no gateway. */
  public cn.anxin.gateway.safety.SafetyLane safetyLane() {
    return safetyLane;
  }

  /** The safety lane's warm copy of the device bindings, or null when this process runs no platform. */
  public cn.anxin.platform.safety.WarmBindings safetyBindings() {
    return laneBindings;
  }

  /** The rules' durable timers, or null when this process runs no platform. */
  public RuleTimers ruleTimers() {
    return ruleTimers;
  }

  /** The alerts' escalation timers, or null when this process runs no platform. */
  public cn.anxin.platform.escalation.EscalationTimers escalations() {
    return escalations;
  }

  /** The sweep that arms visit-overdue checks, or null when this process runs no platform. */
  public cn.anxin.platform.care.VisitSweep visitSweep() {
    return visitSweep;
  }

  /** Stops listening and processing; never call the blocking {@link #close()} on an event loop. */
  public Future<Void> closeAsync() {
    if (safetyLane != null) {
      safetyLane.close();
    }
    if (provisionalAlerts != null) {
      provisionalAlerts.stop();
    }
    if (laneBindings != null) {
      laneBindings.stop();
    }
    if (consumer != null) {
      consumer.stop();
    }
    if (notifications != null) {
      notifications.stop();
    }
    if (ruleTimers != null) {
      ruleTimers.stop();
    }
    if (escalations != null) {
      escalations.stop();
    }
    if (visitSweep != null) {
      visitSweep.stop();
    }
    if (commands != null) {
      commands.stop();
    }
    if (series != null) {
      series.stop();
    }
    Future<Void> gatewayDown = gateway == null ? Future.succeededFuture() : gateway.close();
    Future<Void> httpDown = http == null ? Future.succeededFuture() : http.close();
    return Future.join(gatewayDown, httpDown).eventually(workers::close)
        .onComplete(done -> {
          jvm.close();
          metrics.close();
        }).mapEmpty();
  }

  @Override
  public void close() {
    try {
      closeAsync().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("stack did not close cleanly: {}", e.toString());
    }
  }
}
