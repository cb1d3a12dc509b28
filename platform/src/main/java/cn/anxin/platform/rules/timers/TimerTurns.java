package cn.anxin.platform.rules.timers;

import cn.anxin.platform.alerts.AlertJson;
import cn.anxin.platform.alerts.AlertQueries;
import cn.anxin.platform.ingest.JournalConsumer;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turns of a durable-timer loop (rule timers, escalation timers): one turn at a time on a
 * worker, every period, until stopped; a turn works in claimed batches and publishes the alerts it
 * changed on the event bus after its transactions committed, as the journal consumer does.
 */
public final class TimerTurns {

  private static final Logger LOG = LoggerFactory.getLogger(TimerTurns.class);

  /** One claimed batch: how many timers it took. */
  @FunctionalInterface
  public interface Batch {
    int run() throws SQLException;
  }

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final long periodMillis;
  private final String name;
  private final AlertQueries queries = new AlertQueries();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private long periodic = -1;
  private volatile boolean stopped;

  /** @param name what the turns are, for the log ("rule timers") */
  public TimerTurns(Vertx vertx, DataSource dataSource, WorkerExecutor workers, long periodMillis, String name) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.periodMillis = periodMillis;
    this.name = name;
  }

  /** Runs {@code turn} now and every period, never two at once; call on a Vert.x context thread. */
  public void start(Callable<Integer> turn) {
    periodic = vertx.setPeriodic(0, periodMillis, t -> {
      if (stopped || !ticking.compareAndSet(false, true)) {
        return;
      }
      workers.executeBlocking(turn, false).onComplete(result -> {
        ticking.set(false);
        if (result.failed()) {
          LOG.error("{} failed, will retry: {}", name, result.cause().toString());
        }
      });
    });
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(periodic);
  }

  public boolean stopped() {
    return stopped;
  }

  /** Runs batches of {@code batchSize} until one comes back short, at most {@code maxBatches}; the timers taken. */
  public int inBatches(int batchSize, int maxBatches, Batch batch) throws SQLException {
    int taken = 0;
    for (int i = 0; i < maxBatches && !stopped; i++) {
      int claimed = batch.run();
      taken += claimed;
      if (claimed < batchSize) {
        break;
      }
    }
    return taken;
  }

  /** Publishes the alerts a turn raised or changed, as they are now. */
  public void publish(Set<Long> changed) throws SQLException {
    if (changed.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      for (long id : changed) {
        queries.byId(c, id).map(AlertJson::of)
            .ifPresent(alert -> vertx.eventBus().publish(JournalConsumer.ALERTS_ADDRESS, alert));
      }
    }
  }
}
