package cn.anxin.platform.care;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link VisitTimers#sweep} at start and then every hour, in one transaction on a worker, so
 * newly registered elders and changed risk tiers get their VISIT_OVERDUE checks.
 */
public final class VisitSweep {

  /** How often the sweep runs by default. */
  public static final long DEFAULT_PERIOD_MILLIS = 3_600_000;

  private static final Logger LOG = LoggerFactory.getLogger(VisitSweep.class);

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final VisitTimers timers;
  private final AtomicBoolean running = new AtomicBoolean();
  private long periodic = -1;

  public VisitSweep(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.timers = new VisitTimers(clock);
  }

  /** Starts sweeping; call on a Vert.x context thread. */
  public void start() {
    periodic = vertx.setPeriodic(1_000, DEFAULT_PERIOD_MILLIS, t -> tick());
  }

  public void stop() {
    vertx.cancelTimer(periodic);
  }

  /** One sweep now (blocking); returns how many checks were armed or moved. */
  public int sweep() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int armed = timers.sweep(c);
        c.commit();
        return armed;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private void tick() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    workers.executeBlocking(this::sweep, false).onComplete(result -> {
      running.set(false);
      if (result.failed()) {
        LOG.error("visit check sweep failed, will retry: {}", result.cause().toString());
      } else if (result.result() > 0) {
        LOG.info("visit checks armed or moved: {}", result.result());
      }
    });
  }
}
