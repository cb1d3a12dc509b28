package cn.anxin.gateway.forward;

import cn.anxin.gateway.decode.DeviceEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends device events to the {@code device_event} table: one row per (device, msgId), committed
 * before the future completes. A resend of the same msgId finds the stored row and is not stored
 * again. {@code event_time} is the effective event time; the device's own time, the time flag and
 * the clock skew (device time minus receive time) are kept beside it.
 *
 * <p>Appends are gathered into batches written in one transaction each ({@link JournalBatching}):
 * every caller's future completes after its batch's commit, on the caller's own context. A batch
 * that fails on a row's data (a constraint, a bad value) is written again row by row, so only the
 * rows at fault fail; any other failure (the database is down) fails exactly the callers of that
 * batch, who send no PUBACK.
 */
public final class JdbcEventJournal implements EventJournal {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcEventJournal.class);

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final JournalBatching batching;
  private final JournalRows rows = new JournalRows();
  private final Object lock = new Object();
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private int writing;
  private boolean lingerArmed;
  private boolean lingerOver;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong rowsWritten = new AtomicLong();

  /** With {@link JournalBatching#fromEnv} of the process environment. */
  public JdbcEventJournal(Vertx vertx, DataSource dataSource, WorkerExecutor workers) {
    this(vertx, dataSource, workers, JournalBatching.fromEnv(System.getenv()));
  }

  public JdbcEventJournal(Vertx vertx, DataSource dataSource, WorkerExecutor workers, JournalBatching batching) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.batching = Objects.requireNonNull(batching, "batching");
  }

  /** One append waiting for its batch, with the context its future completes on. */
  private record Pending(DeviceEvent event, Context context, Promise<Appended> promise) {

    void complete(Appended appended) {
      context.runOnContext(v -> promise.tryComplete(appended));
    }

    void fail(Throwable cause) {
      context.runOnContext(v -> promise.tryFail(cause));
    }
  }

  @Override
  public Future<Appended> append(DeviceEvent event) {
    Objects.requireNonNull(event, "event");
    Pending pending = new Pending(event, vertx.getOrCreateContext(), Promise.promise());
    synchronized (lock) {
      waiting.add(pending);
    }
    dispatch();
    return pending.promise().future();
  }

  /** Transactions committed so far (each one batch, or one row of a batch written row by row). */
  public long batches() {
    return batches.get();
  }

  /** Rows committed so far, duplicates not counted. */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  /** Starts as many batches as there are free writers and waiting appends. */
  private void dispatch() {
    while (true) {
      List<Pending> batch;
      synchronized (lock) {
        if (waiting.isEmpty() || writing >= batching.writers()) {
          return;
        }
        if (!batching.linger().isZero() && waiting.size() < batching.maxRows() && !lingerOver) {
          if (!lingerArmed) {
            lingerArmed = true;
            vertx.setTimer(Math.max(1, batching.linger().toMillis()), t -> {
              synchronized (lock) {
                lingerArmed = false;
                lingerOver = true;
              }
              dispatch();
            });
          }
          return;
        }
        lingerOver = false;
        batch = new ArrayList<>(Math.min(waiting.size(), batching.maxRows()));
        while (!waiting.isEmpty() && batch.size() < batching.maxRows()) {
          batch.add(waiting.poll());
        }
        writing++;
      }
      try {
        workers.executeBlocking(() -> {
          write(batch);
          return null;
        }, false);
      } catch (RejectedExecutionException e) {
        synchronized (lock) {
          writing--;
        }
        IllegalStateException closed = new IllegalStateException("the journal is closed", e);
        batch.forEach(p -> p.fail(closed));
      }
    }
  }

  /** On a worker: writes one batch, completes its callers, then lets the next batch start. */
  private void write(List<Pending> batch) {
    try {
      writeBatch(batch);
    } catch (RuntimeException e) {
      LOG.error("a batch of {} events could not be written: {}", batch.size(), e.toString());
      batch.forEach(p -> p.fail(e));
    } finally {
      synchronized (lock) {
        writing--;
      }
      dispatch();
    }
  }

  private void writeBatch(List<Pending> batch) {
    List<DeviceEvent> events = batch.stream().map(Pending::event).toList();
    List<Appended> stored;
    try {
      stored = commit(events);
    } catch (SQLException e) {
      if (batch.size() > 1 && JournalRows.isDataError(e)) {
        LOG.warn("a batch of {} events was refused on its data ({}): writing them one by one",
            batch.size(), e.toString());
        for (Pending p : batch) {
          writeBatch(List.of(p));
        }
        return;
      }
      batch.forEach(p -> p.fail(e));
      return;
    }
    long newest = -1;
    for (int i = 0; i < batch.size(); i++) {
      Appended appended = stored.get(i);
      if (!appended.duplicate()) {
        newest = Math.max(newest, appended.eventId());
      }
      batch.get(i).complete(appended);
    }
    if (newest >= 0) {
      // A wake-up for the platform's journal consumer, which reads every unprocessed row anyway.
      vertx.eventBus().publish(STORED_ADDRESS, newest);
    }
  }

  /** One transaction: the batch's rows, or an exception and nothing stored. */
  private List<Appended> commit(List<DeviceEvent> events) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<Appended> stored = rows.insert(c, events);
        c.commit();
        batches.incrementAndGet();
        rowsWritten.addAndGet(stored.stream().filter(a -> !a.duplicate()).count());
        return stored;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }

  /** For diagnostics: what is waiting and being written now. */
  public Map<String, Integer> backlog() {
    synchronized (lock) {
      return Map.of("waiting", waiting.size(), "writing", writing);
    }
  }
}
