package cn.anxin.platform.store.series;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the time-series store in shape. At start-up ({@link #prepare}): on the native layout the
 * monthly partitions of last month through {@link SeriesOptions#monthsAhead()} months ahead, on
 * TimescaleDB its aggregates and policies. Then periodically (hourly by default, {@link #start}):
 * partitions ahead, expired partitions dropped, old rollups and (when configured) old processed
 * journal rows deleted. Each table is handled in its own short transaction with a lock timeout,
 * so maintenance never holds up ingest for long; what it could not do is retried next time.
 */
public final class SeriesMaintenance {

  /** Maintenance period. */
  public static final long DEFAULT_PERIOD_MILLIS = 3_600_000;

  private static final Logger LOG = LoggerFactory.getLogger(SeriesMaintenance.class);
  private static final int JOURNAL_DELETE_CHUNK = 10_000;
  private static final String PRUNE_JOURNAL =
      "DELETE FROM device_event WHERE id IN (SELECT e.id FROM device_event e"
          + " WHERE e.processed_at IS NOT NULL AND e.received_at < ?"
          + " AND NOT EXISTS (SELECT 1 FROM alert_event ae WHERE ae.event_id = e.id)"
          + " AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.cause_event_id = e.id)"
          + " ORDER BY e.id LIMIT " + JOURNAL_DELETE_CHUNK + ")";

  private final DataSource dataSource;
  private final Clock clock;
  private final SeriesOptions options;
  private final ReadingPartitions partitions = new ReadingPartitions();
  private Vertx vertx;
  private long timer = -1;
  private volatile boolean stopped;

  public SeriesMaintenance(DataSource dataSource, Clock clock, SeriesOptions options) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** What one run did. */
  public record Run(SeriesLayout layout, List<String> created, List<String> dropped, long rollupsDeleted,
      long journalRowsDeleted) {}

  /** Prepares the store for this start: partitions (native) or aggregates and policies (TimescaleDB). */
  public static SeriesLayout prepare(DataSource dataSource, SeriesOptions options, Clock clock) throws SQLException {
    SeriesLayout layout;
    try (Connection c = dataSource.getConnection()) {
      layout = SeriesLayout.of(c);
      if (layout == SeriesLayout.TIMESCALE) {
        TimescaleLayout.apply(c, options);
        return layout;
      }
      if (SeriesLayout.timescaleAvailable(c)) {
        LOG.warn("the timescaledb extension is available, but this database was migrated without it:"
            + " the readings stay natively partitioned (see docs/ARCHITECTURE.md, time-series store)");
      }
    }
    new SeriesMaintenance(dataSource, clock, options).ensurePartitions(new ArrayList<>());
    return layout;
  }

  /** Runs {@link #runOnce()} every {@code periodMillis} on the workers; call on a Vert.x context thread. */
  public SeriesMaintenance start(Vertx vertx, WorkerExecutor workers, long periodMillis) {
    this.vertx = vertx;
    timer = vertx.setPeriodic(periodMillis, t -> {
      if (!stopped) {
        workers.executeBlocking(this::runOnce, false)
            .onFailure(e -> LOG.error("time-series maintenance failed, will retry: {}", e.toString()));
      }
    });
    return this;
  }

  public void stop() {
    stopped = true;
    if (vertx != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** One pass of maintenance, now. */
  public Run runOnce() throws SQLException {
    SeriesLayout layout;
    try (Connection c = dataSource.getConnection()) {
      layout = SeriesLayout.of(c);
    }
    List<String> created = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    long rollups = 0;
    Instant now = clock.instant();
    if (layout == SeriesLayout.NATIVE) {
      ensurePartitions(created);
      Instant cutoff = now.minus(options.readingRetention());
      for (SeriesTables.Table table : SeriesTables.ALL) {
        dropped.addAll(inTransaction(c -> partitions.dropBefore(c, table.name(), cutoff), List.of()));
      }
      rollups = inTransaction(c -> deleteBefore(c, "DELETE FROM reading_rollup_hourly WHERE bucket < ?",
          now.minus(options.rollupRetention())), 0L);
    }
    long journal = 0;
    if (options.prunesJournal()) {
      Instant cutoff = now.minus(options.journalRetention());
      long deleted;
      do {
        deleted = inTransaction(c -> deleteBefore(c, PRUNE_JOURNAL, cutoff), 0L);
        journal += deleted;
      } while (deleted == JOURNAL_DELETE_CHUNK && !stopped);
    }
    if (!created.isEmpty() || !dropped.isEmpty() || journal > 0) {
      LOG.info("time-series maintenance: partitions created {}, dropped {}; {} rollup rows and {} journal"
          + " rows past retention deleted", created, dropped, rollups, journal);
    }
    return new Run(layout, created, dropped, rollups, journal);
  }

  private void ensurePartitions(List<String> created) {
    Instant now = clock.instant();
    YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
    // Last month too (late uploads), unless it is already past retention.
    YearMonth oldestKept = YearMonth.from(now.minus(options.readingRetention()).atZone(ZoneOffset.UTC));
    YearMonth first = current.minusMonths(1).isBefore(oldestKept) ? oldestKept : current.minusMonths(1);
    YearMonth last = current.plusMonths(options.monthsAhead());
    for (SeriesTables.Table table : SeriesTables.ALL) {
      created.addAll(inTransaction(c -> partitions.ensure(c, table.name(), first, last), List.of()));
    }
  }

  private static long deleteBefore(Connection c, String sql, Instant cutoff) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(cutoff));
      return s.executeUpdate();
    }
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** One short transaction that gives up rather than wait long for a lock; failures are logged. */
  private <T> T inTransaction(Work<T> work, T onFailure) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL lock_timeout = '2s'");
        }
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("time-series maintenance step failed, will retry on the next run: {}", e.toString());
      return onFailure;
    }
  }
}
