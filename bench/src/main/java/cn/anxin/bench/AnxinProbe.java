package cn.anxin.bench;

import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the gateway's time goes, seen from outside its code: the HikariCP pool (busy connections,
 * threads waiting for one), PostgreSQL's sessions (what each is doing and waiting on), commits and
 * WAL flushes per second, and a sampled picture of the worker and event-loop threads.
 */
final class AnxinProbe implements Probe {

  private static final String ACTIVITY =
      "SELECT state, coalesce(wait_event_type, '-'), coalesce(wait_event, '-'), left(query, 60)"
          + " FROM pg_stat_activity WHERE datname = current_database()"
          + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'";

  private final AnxinTarget target;
  private final ThreadSampler threads = new ThreadSampler();
  private Connection connection;
  private Map<String, Double> walBefore = Map.of();
  private Map<String, Double> dbBefore = Map.of();
  private Map<String, Double> journalBefore = Map.of();
  private int samples;
  private long poolActive;
  private long poolAwaiting;
  private int poolAwaitingMax;
  private final Map<String, Integer> sessions = new LinkedHashMap<>();

  AnxinProbe(AnxinTarget target) {
    this.target = target;
  }

  @Override
  public void begin() throws Exception {
    connection = target.probeConnection();
    walBefore = wal();
    dbBefore = databaseStats();
    journalBefore = journal();
    threads.start();
  }

  @Override
  public void sample() throws Exception {
    samples++;
    if (target.pool() != null) {
      HikariPoolMXBean bean = target.pool().getHikariPoolMXBean();
      poolActive += bean.getActiveConnections();
      int waiting = bean.getThreadsAwaitingConnection();
      poolAwaiting += waiting;
      poolAwaitingMax = Math.max(poolAwaitingMax, waiting);
    }
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(ACTIVITY)) {
      while (r.next()) {
        String state = r.getString(1);
        String key;
        if ("active".equals(state)) {
          key = "active, wait " + r.getString(2) + "/" + r.getString(3) + ": "
              + statement(r.getString(4));
        } else {
          key = state == null ? "unknown" : state;
        }
        sessions.merge(key, 1, Integer::sum);
      }
    }
  }

  private static String statement(String query) {
    if (query == null) {
      return "?";
    }
    if (query.startsWith("INSERT INTO device_event")) {
      return "gateway INSERT INTO device_event";
    }
    if (query.startsWith("COMMIT")) {
      return "COMMIT";
    }
    return query.replaceAll("\\s+", " ");
  }

  @Override
  public List<String> end(double seconds) throws Exception {
    threads.stop();
    List<String> lines = new ArrayList<>();
    try {
      Map<String, Double> walAfter = wal();
      Map<String, Double> dbAfter = databaseStats();
      double commits = delta(dbBefore, dbAfter, "xact_commit");
      double syncs = delta(walBefore, walAfter, "wal_sync");
      double writes = delta(walBefore, walAfter, "wal_write");
      double bytes = delta(walBefore, walAfter, "wal_bytes");
      double records = delta(walBefore, walAfter, "wal_records");
      lines.add(String.format(
          "PostgreSQL over the window: %.0f commits/s (all sessions of the database), %.0f WAL"
              + " writes/s, %.0f WAL flushes (fsync)/s -> %.2f commits per flush; %.0f WAL records/s,"
              + " %.1f KiB WAL/s",
          commits / seconds, writes / seconds, syncs / seconds, syncs == 0 ? 0 : commits / syncs,
          records / seconds, bytes / 1024 / seconds));
    } catch (SQLException e) {
      lines.add("PostgreSQL statistics unavailable: " + e.getMessage());
    }
    if (target.runsPlatform()) {
      try {
        lines.add(platformLag(seconds));
      } catch (SQLException e) {
        lines.add("platform lag unavailable: " + e.getMessage());
      }
    }
    if (samples > 0 && target.pool() != null) {
      lines.add(String.format(
          "HikariCP pool (%d connections): on average %.1f in use, %.1f threads waiting for one"
              + " (max %d), over %d samples",
          target.pool().getMaximumPoolSize(), (double) poolActive / samples,
          (double) poolAwaiting / samples, poolAwaitingMax, samples));
    }
    if (samples > 0) {
      lines.add("PostgreSQL sessions of the database, mean count per sample (pg_stat_activity):");
      sessions.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(e -> lines.add(String.format("    %5.2f  %s", (double) e.getValue() / samples,
              e.getKey())));
    }
    lines.addAll(threads.report());
    connection.close();
    return lines;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
    return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
  }

  /** Journal totals and the database's clock, for what the platform processed in the window. */
  private Map<String, Double> journal() throws SQLException {
    return row("SELECT count(*) FILTER (WHERE processed_at IS NOT NULL) AS processed,"
        + " count(*) FILTER (WHERE processed_at IS NULL) AS backlog,"
        + " extract(epoch FROM clock_timestamp()) AS now FROM device_event");
  }

  /**
   * How far the platform's JournalConsumer keeps up: rows it marked processed per second, the
   * backlog at each end, and how long rows marked in the window had waited since the gateway
   * received them (processed_at is the processing transaction's start).
   */
  private String platformLag(double seconds) throws SQLException {
    Map<String, Double> after = journal();
    double processed = delta(journalBefore, after, "processed");
    Map<String, Double> lag = row("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY w) AS p50,"
        + " max(w) AS max FROM (SELECT extract(epoch FROM processed_at - received_at) AS w"
        + " FROM device_event WHERE processed_at >= to_timestamp(" + journalBefore.get("now")
        + ") AND processed_at < to_timestamp(" + after.get("now") + ")) t");
    return String.format(
        "platform JournalConsumer: processed %.0f rows/s in the window; unprocessed backlog %,.0f"
            + " at the start, %,.0f at the end; rows processed in the window had waited p50 %.1f s,"
            + " max %.1f s since receipt",
        processed / seconds, journalBefore.getOrDefault("backlog", 0.0),
        after.getOrDefault("backlog", 0.0), lag.getOrDefault("p50", 0.0),
        lag.getOrDefault("max", 0.0));
  }

  private Map<String, Double> wal() throws SQLException {
    return row("SELECT wal_records, wal_bytes, wal_write, wal_sync FROM pg_stat_wal");
  }

  private Map<String, Double> databaseStats() throws SQLException {
    return row("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
  }

  private Map<String, Double> row(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet r = s.executeQuery(sql)) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (r.next()) {
          for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
            values.put(r.getMetaData().getColumnLabel(i), r.getDouble(i));
          }
        }
        return values;
      }
    }
  }
}
