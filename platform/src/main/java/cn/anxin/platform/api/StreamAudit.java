package cn.anxin.platform.api;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access audit of alerts pushed to open streams. A push is queued in memory with its own time
 * (at most {@value #CAPACITY} rows; beyond that a row is dropped, counted and logged) and a single
 * drain task, never more than one in flight, writes up to {@value #BATCH} rows per transaction on the
 * worker pool. While the database is down the drain keeps its batch and retries with back-off (0.5 s
 * doubling to 30 s), so an outage holds at most one worker whatever the number of pushes, and the rows
 * are written with the time of their push once the database is back.
 */
final class StreamAudit {

  static final int CAPACITY = 10_000;
  static final int BATCH = 500;
  private static final long FIRST_RETRY_MILLIS = 500;
  private static final long MAX_RETRY_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(StreamAudit.class);

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final BlockingQueue<AccessAudit.Read> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  /** The rows being written; only the one drain in flight touches it. */
  private volatile List<AccessAudit.Read> batch = List.of();
  private volatile long retryMillis;

  StreamAudit(Vertx vertx, DataSource dataSource, WorkerExecutor workers, Clock clock) {
    this.vertx = vertx;
    this.dataSource = dataSource;
    this.workers = workers;
    this.clock = clock;
  }

  /** Records that an alert about this elder was pushed to this account's stream, now. */
  void pushed(Principal p, String action, long elderId, String clientIp) {
    AccessAudit.Read read = AccessAudit.Read.of(clock.instant(), p, action, List.of(elderId),
        List.of("name", "alert"), "alert-board", clientIp);
    if (!queue.offer(read)) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1_000 == 0) {
        LOG.warn("access audit queue of streamed alerts is full ({} rows waiting): {} rows dropped so far",
            CAPACITY, n);
      }
    }
    drain();
  }

  /** Rows queued or being written, not yet in the database. */
  int pending() {
    return queue.size() + batch.size();
  }

  /** Rows dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** Rows written. */
  long written() {
    return written.get();
  }

  private void drain() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    workers.executeBlocking(this::writeBatch, false).onComplete(done -> {
      if (done.succeeded()) {
        retryMillis = 0;
        draining.set(false);
        if (!queue.isEmpty()) {
          drain();
        }
      } else {
        retryMillis = retryMillis == 0 ? FIRST_RETRY_MILLIS : Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        LOG.warn("access audit of {} streamed alerts not written yet, retrying in {} ms: {}",
            pending(), retryMillis, done.cause().toString());
        vertx.setTimer(retryMillis, t -> {
          draining.set(false);
          drain();
        });
      }
    });
  }

  private Void writeBatch() throws Exception {
    if (batch.isEmpty()) {
      List<AccessAudit.Read> next = new ArrayList<>(Math.min(BATCH, queue.size()));
      queue.drainTo(next, BATCH);
      batch = next;
    }
    List<AccessAudit.Read> rows = batch;
    try (Connection c = dataSource.getConnection()) {
      AccessAudit.recordAll(c, rows);
    }
    batch = List.of();
    written.addAndGet(rows.size());
    return null;
  }
}
