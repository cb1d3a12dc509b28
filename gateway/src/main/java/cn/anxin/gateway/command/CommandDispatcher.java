package cn.anxin.gateway.command;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes pending commands of connected devices from the database and sends them down at QoS 1:
 * PENDING, then SENT when published, DELIVERED on the device's PUBACK; past its deadline an open
 * command is TIMED_OUT. Woken when a command is created and by a timer.
 */
public final class CommandDispatcher {

  /** Event-bus address the platform publishes to when it stores a new command. */
  public static final String WAKE_ADDRESS = "anxin.commands.created";

  private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

  private final Vertx vertx;
  private final CommandStore store;
  private final WorkerExecutor workers;
  private final CommandOutlet outlet;
  private final Clock clock;
  private final long pollMillis;
  private MessageConsumer<Object> wakeUps;
  private long timer = -1;
  private boolean busy;
  private boolean again;

  public CommandDispatcher(Vertx vertx, CommandStore store, WorkerExecutor workers, CommandOutlet outlet,
      Clock clock, long pollMillis) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.outlet = Objects.requireNonNull(outlet, "outlet");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollMillis = pollMillis;
  }

  /** Starts dispatching; call on a Vert.x context thread. */
  public void start() {
    wakeUps = vertx.eventBus().localConsumer(WAKE_ADDRESS, m -> wake());
    timer = vertx.setPeriodic(pollMillis, t -> wake());
  }

  public void stop() {
    if (wakeUps != null) {
      wakeUps.unregister();
    }
    vertx.cancelTimer(timer);
  }

  /** Looks for work now, for example when a device has just subscribed to its commands. */
  public void wake() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    workers.executeBlocking(() -> {
      int expired = store.expire(clock.instant());
      if (expired > 0) {
        LOG.info("{} command(s) timed out", expired);
      }
      return store.pending(outlet.connectedDevices(), clock.instant());
    }, false).compose(this::sendAll).onComplete(done -> {
      if (done.failed()) {
        LOG.error("command dispatch failed, will retry: {}", done.cause().toString());
      }
      busy = false;
      if (again) {
        again = false;
        wake();
      }
    });
  }

  private Future<Void> sendAll(List<PendingCommand> commands) {
    Future<Void> chain = Future.succeededFuture();
    for (PendingCommand command : commands) {
      chain = chain.compose(v -> sendOne(command));
    }
    return chain;
  }

  private Future<Void> sendOne(PendingCommand command) {
    if (!outlet.accepts(command.deviceId(), command.name())) {
      return Future.succeededFuture();
    }
    Buffer payload = new JsonObject()
        .put("cmdId", command.id().toString())
        .put("name", command.name())
        .put("args", new JsonObject(command.argsJson()))
        .put("deadline", command.deadline().toString())
        .toBuffer();
    return workers.executeBlocking(() ->
            store.advance(command.id(), "PENDING", "SENT", "sent_at", null, clock.instant()), false)
        .compose(claimed -> {
          if (!claimed) {
            return Future.succeededFuture();
          }
          Optional<Future<Void>> sent = outlet.send(command.deviceId(), command.name(), payload);
          if (sent.isEmpty()) {
            return workers.executeBlocking(() -> store.advance(command.id(), "SENT", "PENDING", "sent_at",
                null, clock.instant()), false).mapEmpty();
          }
          sent.get().onSuccess(acked -> workers.executeBlocking(() -> store.advance(command.id(), "SENT",
              "DELIVERED", "delivered_at", null, clock.instant()), false));
          return Future.succeededFuture();
        });
  }
}
