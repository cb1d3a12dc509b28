package cn.anxin.platform.rules.timers;

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

  private final DataSource dataSource;
  private final Clock clock;
  private final RuleEngine engine;
  private final TimerStore timers = new TimerStore();
  private final TimerTurns turns;

  public RuleTimers(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock, long periodMillis) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.engine = RuleEngine.standard(clock);
    this.turns = new TimerTurns(vertx, dataSource, workers, periodMillis, "firing rule timers");
  }

  /** Starts looking for due timers; call on a Vert.x context thread. */
  public void start() {
    turns.start(this::fireDue);
  }

  public void stop() {
    turns.stop();
  }

  /**
   * Fires every timer due at the clock's now (blocking; never on an event loop) and publishes the
   * alerts it raised or changed; returns how many timers fired.
   */
  public int fireDue() throws SQLException {
    Set<Long> changed = new LinkedHashSet<>();
    int fired = turns.inBatches(BATCH, BATCHES_PER_TURN, () -> fireBatch(changed));
    turns.publish(changed);
    return fired;
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
}
