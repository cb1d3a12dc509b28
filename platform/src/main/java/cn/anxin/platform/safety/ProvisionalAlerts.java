package cn.anxin.platform.safety;

import cn.anxin.gateway.safety.SafetyLane;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's end of the safety lane: each fall or SOS press the gateway validated becomes a
 * provisional P1 alert, published on {@link #ADDRESS} for the consoles at once, with the elder and
 * site taken from {@link WarmBindings} and never from the database. The stored alert follows when
 * the journal consumer has raised it; consoles put it in the provisional one's place (same elder
 * and rule). A device bound to no elder gives no provisional alert (the journal path decides what
 * becomes of its event).
 */
public final class ProvisionalAlerts {

  private static final Logger LOG = LoggerFactory.getLogger(ProvisionalAlerts.class);

  /**
   * Event-bus address (local) of provisional alerts, JSON objects shaped like the API's Alert where
   * they can be (elder, site, rule, severity, status, eventTime, raisedAt, deviceId, zone), plus
   * {@code provisional: true}, {@code msgId} and {@code receivedAt}; no id, as none is stored yet.
   */
  public static final String ADDRESS = "anxin.alerts.provisional";

  private final Vertx vertx;
  private final WarmBindings bindings;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong unbound = new AtomicLong();
  private volatile MessageConsumer<JsonObject> consumer;
  private volatile String deployment;

  public ProvisionalAlerts(Vertx vertx, WarmBindings bindings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.bindings = Objects.requireNonNull(bindings, "bindings");
  }

  /**
   * Listens on a context of its own (a verticle, so an event loop of its own choosing), so the
   * lane never queues behind the journal consumer's or the timers' work on the stack's context.
   */
  public Future<Void> start() {
    return vertx.deployVerticle(new AbstractVerticle() {
      @Override
      public void start() {
        consumer = vertx.eventBus().localConsumer(SafetyLane.RAISED_ADDRESS, m -> raise(m.body()));
      }
    }).onSuccess(id -> deployment = id).mapEmpty();
  }

  public void stop() {
    if (deployment != null) {
      vertx.undeploy(deployment);
      deployment = null;
    }
  }

  /** Provisional alerts published so far. */
  public long published() {
    return published.get();
  }

  /** Falls and SOS presses from devices the snapshot binds to no elder. */
  public long unbound() {
    return unbound.get();
  }

  private void raise(JsonObject event) {
    String deviceId = event.getString("deviceId");
    Optional<LaneBinding> binding = bindings.of(deviceId);
    if (binding.isEmpty()) {
      unbound.incrementAndGet();
      LOG.warn("{} {} from {}: no elder bound in the safety lane's snapshot, no provisional alert",
          event.getString("kind"), event.getString("msgId"), deviceId);
      return;
    }
    if (binding.get().silenced()) {
      LOG.info("{} {} from {}: the elder is recorded deceased or erased, no provisional alert",
          event.getString("kind"), event.getString("msgId"), deviceId);
      return;
    }
    vertx.eventBus().publish(ADDRESS, alert(event, binding.get()));
    published.incrementAndGet();
  }

  static JsonObject alert(JsonObject event, LaneBinding b) {
    return new JsonObject()
        .put("provisional", true)
        .put("elder", new JsonObject().put("id", b.elderId()).put("name", b.elderName()).put("siteId", b.siteId()))
        .put("site", b.siteName())
        .put("rule", event.getString("kind"))
        .put("severity", "P1")
        .put("status", "OPEN")
        .put("eventTime", event.getString("eventTime"))
        .put("raisedAt", event.getString("receivedAt"))
        .put("receivedAt", event.getString("receivedAt"))
        .put("lastEventAt", event.getString("eventTime"))
        .put("eventCount", 1)
        .put("deviceId", event.getString("deviceId"))
        .put("msgId", event.getString("msgId"))
        .put("zone", event.getString("zone"))
        .put("escalationLevel", 0);
  }
}
