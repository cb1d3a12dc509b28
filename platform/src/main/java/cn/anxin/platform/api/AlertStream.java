package cn.anxin.platform.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.Authentication;
import cn.anxin.platform.api.rest.ClientAddress;
import cn.anxin.platform.ingest.JournalConsumer;
import cn.anxin.platform.safety.ProvisionalAlerts;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Server-sent events: each alert as it is raised or changes, to every open console whose account may
 * see the alert's elder. Each alert sent is recorded in the access audit, through {@link StreamAudit}
 * (queued with the time of the push and written in batches, also after a database outage). A fall or SOS press also
 * comes at once as a "provisional" event, before it is stored, to the staff, supervisors, bureau
 * and administrators who may see the elder (not to family members, who hear of the stored alert).
 * The session is checked
 * again every 30 s: a stream ends when its session is signed out, expires or its account is
 * disabled, and follows changes of the account's scope.
 */
final class AlertStream {

  private static final long KEEP_ALIVE_MILLIS = 15_000;
  static final long RECHECK_MILLIS = 30_000;
  /** Event-bus address on which a signed-out token is published (as its session key), after commit. */
  static final String SESSION_ENDED = "anxin.session.ended";

  private final Vertx vertx;
  private final Sessions sessions;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final StreamAudit audit;

  AlertStream(Vertx vertx, Sessions sessions, DataSource dataSource, WorkerExecutor workers, StreamAudit audit) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.dataSource = dataSource;
    this.workers = workers;
    this.audit = audit;
  }

  void handle(RoutingContext ctx) {
    AtomicReference<Principal> principal = new AtomicReference<>(ctx.get(ApiRoutes.PRINCIPAL));
    String token = Authentication.token(ctx);
    String clientIp = ClientAddress.of(ctx);
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write("retry: 3000\n: connected\n\n");
    MessageConsumer<JsonObject> alerts = vertx.eventBus().localConsumer(
        JournalConsumer.ALERTS_ADDRESS,
        m -> {
          Principal p = principal.get();
          JsonObject elder = m.body().getJsonObject("elder");
          if (p != null && p.mayView(elder.getLong("id"), elder.getLong("siteId"))) {
            response.write("event: alert\ndata: " + m.body().encode() + "\n\n");
            audit.pushed(p, "ALERT_PUSH", elder.getLong("id"), clientIp);
          }
        });
    MessageConsumer<JsonObject> provisional = vertx.eventBus().localConsumer(
        ProvisionalAlerts.ADDRESS,
        m -> {
          Principal p = principal.get();
          JsonObject elder = m.body().getJsonObject("elder");
          if (p != null && !p.is(cn.anxin.platform.access.Role.FAMILY)
              && p.mayView(elder.getLong("id"), elder.getLong("siteId"))) {
            response.write("event: provisional\ndata: " + m.body().encode() + "\n\n");
            audit.pushed(p, "ALERT_PUSH_PROVISIONAL", elder.getLong("id"), clientIp);
          }
        });
    MessageConsumer<String> signedOut = vertx.eventBus().localConsumer(SESSION_ENDED, m -> {
      if (m.body().equals(Sessions.key(token))) {
        principal.set(null);
        response.end();
      }
    });
    long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, t -> response.write(": keep-alive\n\n"));
    long recheck = vertx.setPeriodic(RECHECK_MILLIS, t -> recheck(token, principal, response));
    response.closeHandler(v -> {
      alerts.unregister();
      provisional.unregister();
      signedOut.unregister();
      vertx.cancelTimer(keepAlive);
      vertx.cancelTimer(recheck);
    });
  }

  private void recheck(String token, AtomicReference<Principal> principal, HttpServerResponse response) {
    workers.<Optional<Principal>>executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return sessions.resolve(c, token);
      }
    }, false).onSuccess(current -> {
      if (current.isEmpty()) {
        principal.set(null);
        response.end();
      } else {
        principal.set(current.get());
      }
    });
  }
}
