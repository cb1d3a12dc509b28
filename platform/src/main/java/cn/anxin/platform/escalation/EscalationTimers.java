package cn.anxin.platform.escalation;

import cn.anxin.platform.escalation.EscalationStore.DueTimer;
import cn.anxin.platform.escalation.EscalationStore.Unplanned;
import cn.anxin.platform.rules.timers.TimerTurns;
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
 * Escalates alerts on durable timers, on the injected clock. Each turn (every second, on worker
 * threads): arms the timers of open alerts not seen before (from their site's thresholds, counted
 * from the raise), cancels timers whose reason is gone (acknowledged, closed), and fires the due
 * ones, claimed {@code FOR UPDATE SKIP LOCKED} and fired in one transaction with the escalation,
 * its rule-19 breach and its planned messages, so each fires once even with several processes or a
 * restart in between (a timer due while the platform was down fires on the next start). Alerts
 * whose level rose are published on {@link JournalConsumer#ALERTS_ADDRESS} after commit: consoles
 * show it live and the notifier wakes. {@link #fireDue()} does one turn now (tests).
 */
public final class EscalationTimers {

  /** How often the timers are looked at, by default. */
  public static final long DEFAULT_PERIOD_MILLIS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(EscalationTimers.class);
  private static final int BATCH = 100;
  private static final int BATCHES_PER_TURN = 20;

  private final DataSource dataSource;
  private final Clock clock;
  private final EscalationStore store = new EscalationStore();
  private final EscalationSteps steps = new EscalationSteps();
  private final TimerTurns turns;

  public EscalationTimers(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock,
      long periodMillis) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.turns = new TimerTurns(vertx, dataSource, workers, periodMillis, "escalation turn");
  }

  /** Starts the turns; call on a Vert.x context thread. */
  public void start() {
    turns.start(this::fireDue);
  }

  public void stop() {
    turns.stop();
  }

  /**
   * One turn now (blocking; never on an event loop): plans new alerts, cancels what is no longer
   * needed, fires what is due and publishes the alerts that rose; returns how many timers fired.
   */
  public int fireDue() throws SQLException {
    turns.inBatches(BATCH, BATCHES_PER_TURN, this::planBatch);
    inTransaction(c -> store.sweep(c, clock.instant()));
    Set<Long> changed = new LinkedHashSet<>();
    int fired = turns.inBatches(BATCH, BATCHES_PER_TURN, () -> fireBatch(changed));
    turns.publish(changed);
    return fired;
  }

  private int planBatch() throws SQLException {
    return inTransaction(c -> {
      Instant now = clock.instant();
      List<Unplanned> unplanned = store.unplanned(c, BATCH);
      for (Unplanned a : unplanned) {
        Savepoint before = c.setSavepoint();
        try {
          steps.plan(c, a, now);
        } catch (SQLException | RuntimeException e) {
          // Marked planned with the failure, so one bad alert does not stop the others.
          c.rollback(before);
          LOG.error("escalation of alert {} could not be planned: {}", a.alertId(), e.toString());
          store.markPlanned(c, a, 0, new io.vertx.core.json.JsonObject().put("failed", e.toString()), now);
        }
      }
      return unplanned.size();
    });
  }

  private int fireBatch(Set<Long> changed) throws SQLException {
    Set<Long> batchChanged = new LinkedHashSet<>();
    int claimed = inTransaction(c -> {
      Instant now = clock.instant();
      List<DueTimer> due = store.claimDue(c, now, BATCH);
      for (DueTimer timer : due) {
        fireOne(c, timer, now, batchChanged);
      }
      return due.size();
    });
    changed.addAll(batchChanged);
    return claimed;
  }

  private void fireOne(Connection c, DueTimer timer, Instant now, Set<Long> changed) throws SQLException {
    // Marked fired first, so a step may arm the next timer of the same step (the next reminder).
    store.fired(c, timer.id(), now, "firing");
    Savepoint before = c.setSavepoint();
    String outcome;
    try {
      EscalationSteps.Fired fired = steps.fire(c, timer, now);
      outcome = fired.outcome();
      if (fired.alertChanged()) {
        changed.add(timer.alertId());
        LOG.info("alert {} escalation {}: {}", timer.alertId(), timer.step(), outcome);
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback(before);
      outcome = "failed: " + e;
      LOG.error("escalation timer {} ({} of alert {}) failed: {}", timer.id(), timer.step(), timer.alertId(),
          e.toString());
    }
    store.fired(c, timer.id(), now, outcome);
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
