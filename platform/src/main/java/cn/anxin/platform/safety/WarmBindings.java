package cn.anxin.platform.safety;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety lane's copy of the registry's device bindings, kept warm so that a look-up never
 * touches the database: loaded at start, loaded again when {@code binding_epoch} moved (checked
 * every {@code checkMillis}, so a change made by this process or any other over the same database
 * is seen within that) and every {@code reloadMillis} whatever the epoch says. While the database
 * cannot be reached the last snapshot stays in use.
 */
public final class WarmBindings {

  private static final Logger LOG = LoggerFactory.getLogger(WarmBindings.class);

  public static final long DEFAULT_CHECK_MILLIS = 1_000;
  public static final long DEFAULT_RELOAD_MILLIS = 60_000;

  private final Vertx vertx;
  private final DataSource dataSource;
  private final WorkerExecutor workers;
  private final long checkMillis;
  private final long reloadMillis;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile BindingSnapshot snapshot = BindingSnapshot.EMPTY;
  private volatile long loadedAt;
  private long timer = -1;

  public WarmBindings(Vertx vertx, DataSource dataSource, WorkerExecutor workers, long checkMillis,
      long reloadMillis) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.checkMillis = checkMillis;
    this.reloadMillis = reloadMillis;
  }

  /** Loads the first snapshot (a failure is logged: the checks keep trying) and starts the checks. */
  public Future<Void> start() {
    timer = vertx.setPeriodic(checkMillis, t -> refresh());
    return refresh();
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** The binding of a device as of the last snapshot; no database call. */
  public Optional<LaneBinding> of(String deviceId) {
    return snapshot.of(deviceId);
  }

  /** Devices bound to an elder in the snapshot. */
  public int size() {
    return snapshot.size();
  }

  /** Checks the epoch and reloads when it moved or the snapshot is old; completes when done. */
  public Future<Void> refresh() {
    if (!busy.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return workers.<Void>executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        BindingSnapshot known = snapshot;
        boolean old = System.currentTimeMillis() - loadedAt >= reloadMillis;
        if (old || known == BindingSnapshot.EMPTY || BindingSnapshot.epoch(c) != known.epoch()) {
          snapshot = BindingSnapshot.load(c);
          loadedAt = System.currentTimeMillis();
        }
      }
      return null;
    }, false).onComplete(done -> {
      busy.set(false);
      if (done.failed()) {
        LOG.debug("safety lane bindings not refreshed, keeping {} known: {}", size(), done.cause().toString());
      }
    }).recover(e -> Future.succeededFuture());
  }
}
