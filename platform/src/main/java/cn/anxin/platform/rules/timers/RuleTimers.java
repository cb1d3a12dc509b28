package cn.anxin.platform.rules.timers;

import cn.anxin.platform.alerts.AlertJson;
import cn.anxin.platform.alerts.AlertQueries;
import cn.anxin.platform.ingest.JournalConsumer;
import cn.anxin.platform.rules.RuleEngine;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the rules' durable timers when they fall due, on the injected clock: each batch of due
 * timers is claimed with {@code FOR UPDATE SKIP LOCKED} and fired in one transaction with the
 * alerts it raises, so a timer fires once even with several processes or a restart in between.
 * Runs on a Vert.x periodic timer on worker threads; {@link #fireDue()} fires what is due now.
 */
public final class RuleTimers {

  /** How often due timers are looked for, by default. */
  public static final long DEFAULT_PERIOD_MILLIS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(RuleTimers.class);
  private static final int BATCH = 100;
  private static final int BATCHES_PER_TURN = 20;

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final long periodMillis;
  private final RuleEngine engine;
  private final TimerStore timers = new TimerStore();
  private final AlertQueries queries = new AlertQueries();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private long periodic = -1;
  private volatile boolean stopped;

  public RuleTimers(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock, long periodMillis) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.periodMillis = periodMillis;
    this.engine = RuleEngine.standard(clock);
  }

  /** Starts looking for due timers; call on a Vert.x context thread. */
  public void start() {
    periodic = vertx.setPeriodic(0, periodMillis, t -> tick());
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(periodic);
  }

  /**
   * Fires every timer due at the clock's now (blocking; never on an event loop) and publishes the
   * alerts it raised or changed; returns how many timers fired.
   */
  public int fireDue() throws SQLException {
    int fired = 0;
    Set<Long> changed = new LinkedHashSet<>();
    for (int batch = 0; batch < BATCHES_PER_TURN && !stopped; batch++) {
      int claimed = fireBatch(changed);
      fired += claimed;
      if (claimed < BATCH) {
        break;
      }
    }
    publish(changed);
    return fired;
  }

  private void tick() {
    if (stopped || !ticking.compareAndSet(false, true)) {
      return;
    }
    workers.executeBlocking(this::fireDue, false).onComplete(result -> {
      ticking.set(false);
      if (result.failed()) {
        LOG.error("firing rule timers failed, will retry: {}", result.cause().toString());
      }
    });
  }

  private int fireBatch(Set<Long> changed) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        engine.beforeBatch(c);
        Instant now = clock.instant();
        List<DueTimer> due = timers.claimDue(c, now, BATCH);
        Set<Long> batchChanged = new LinkedHashSet<>();
        for (DueTimer timer : due) {
          fireOne(c, timer, now, batchChanged);
        }
        c.commit();
        changed.addAll(batchChanged);
        return due.size();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private void fireOne(Connection c, DueTimer timer, Instant now, Set<Long> changed) throws SQLException {
    Savepoint before = c.setSavepoint();
    String outcome;
    try {
      RuleEngine.Outcome result = engine.onTimer(c, timer);
      changed.addAll(result.alertIds());
      outcome = result.summary();
    } catch (SQLException | RuntimeException e) {
      c.rollback(before);
      outcome = "failed: " + e;
      LOG.error("rule timer {} ({} {}) failed: {}", timer.id(), timer.rule(), timer.purpose(), e.toString());
    }
    timers.fired(c, timer.id(), now, outcome.length() > 1000 ? outcome.substring(0, 1000) : outcome);
  }

  private void publish(Set<Long> changed) throws SQLException {
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
