package cn.anxin.platform.store.series;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TimescaleDB specifics, applied at start-up over the hypertables V17 made (idempotent, each
 * statement on its own, skipping what exists): a continuous aggregate per reading table ({@code <table>_hourly}, real
 * time, refreshed every 30 minutes over the last 7 days), compression of chunks older than 14
 * days (segmented by device), retention policies for readings and rollups from
 * {@link SeriesOptions}, and the {@code reading_hourly} view replaced by one with the same
 * columns over the aggregates. Inside the aggregates' definitions {@code time_bucket} is
 * required; every reader queries the views with {@code date_bin}.
 */
final class TimescaleLayout {

  private static final Logger LOG = LoggerFactory.getLogger(TimescaleLayout.class);

  static final Duration COMPRESS_AFTER = Duration.ofDays(14);

  /** The statements for these options, in order. */
  static List<String> statements(SeriesOptions options) {
    List<String> sql = new ArrayList<>();
    for (SeriesTables.Table table : SeriesTables.ALL) {
      sql.add("CREATE MATERIALIZED VIEW " + table.hourly()
          + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS "
          + aggregateQuery(table, "time_bucket(INTERVAL '1 hour', event_time)") + " WITH NO DATA");
      sql.add("SELECT add_continuous_aggregate_policy('" + table.hourly() + "',"
          + " start_offset => INTERVAL '7 days', end_offset => INTERVAL '1 hour',"
          + " schedule_interval => INTERVAL '30 minutes', if_not_exists => true)");
      sql.add("SELECT remove_retention_policy('" + table.hourly() + "', if_exists => true)");
      sql.add("SELECT add_retention_policy('" + table.hourly() + "', "
          + interval(options.rollupRetention()) + ")");
      sql.add("SELECT remove_retention_policy('" + table.name() + "', if_exists => true)");
      sql.add("SELECT add_retention_policy('" + table.name() + "', " + interval(options.readingRetention()) + ")");
    }
    sql.add(hourlyView());
    return sql;
  }

  /**
   * The hourly aggregate of a table, bucketed by {@code bucket} (TimescaleDB requires
   * {@code time_bucket} in a continuous aggregate): per metric its count, sum, min and max.
   */
  static String aggregateQuery(SeriesTables.Table table, String bucket) {
    StringBuilder aggregates = new StringBuilder();
    for (SeriesTables.Metric m : table.metrics()) {
      String v = "(" + m.value() + ")";
      aggregates.append(", count(").append(v).append(") AS ").append(m.name()).append("_n")
          .append(", sum(").append(v).append(") AS ").append(m.name()).append("_sum")
          .append(", min(").append(v).append(") AS ").append(m.name()).append("_min")
          .append(", max(").append(v).append(") AS ").append(m.name()).append("_max");
    }
    return "SELECT " + bucket + " AS bucket, device_id, elder_id, site_id" + aggregates
        + " FROM " + table.name() + " GROUP BY 1, 2, 3, 4";
  }

  /** Compression is configured once per table (it cannot be changed while chunks are compressed). */
  static List<String> compression(String table) {
    return List.of(
        "ALTER TABLE " + table + " SET (timescaledb.compress,"
            + " timescaledb.compress_segmentby = 'device_id', timescaledb.compress_orderby = 'event_time DESC')",
        "SELECT add_compression_policy('" + table + "', " + interval(COMPRESS_AFTER) + ", if_not_exists => true)");
  }

  /** {@code reading_hourly} over the aggregates, with the native view's columns and types. */
  static String hourlyView() {
    List<String> parts = new ArrayList<>();
    for (SeriesTables.Table table : SeriesTables.ALL) {
      for (SeriesTables.Metric m : table.metrics()) {
        String n = m.name();
        parts.add("SELECT bucket, elder_id, site_id, device_id, '" + n + "'::text AS metric, "
            + n + "_n AS samples, " + n + "_min AS min_value, " + n + "_sum / " + n + "_n AS avg_value, "
            + n + "_max AS max_value, " + n + "_sum AS sum_value FROM " + table.hourly()
            + " WHERE " + n + "_n > 0");
      }
    }
    return "CREATE OR REPLACE VIEW reading_hourly AS " + String.join(" UNION ALL ", parts);
  }

  static void apply(Connection c, SeriesOptions options) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      for (SeriesTables.Table table : SeriesTables.ALL) {
        if (!compressionEnabled(c, table.name())) {
          for (String sql : compression(table.name())) {
            s.execute(sql);
          }
        }
      }
      for (String sql : statements(options)) {
        if (sql.startsWith("CREATE MATERIALIZED VIEW ")
            && aggregateExists(c, sql.substring("CREATE MATERIALIZED VIEW ".length()).split(" ")[0])) {
          continue;
        }
        s.execute(sql);
      }
      LOG.info("TimescaleDB layout: hypertables, hourly continuous aggregates, compression after {} days,"
          + " readings kept {} days, rollups {} days", COMPRESS_AFTER.toDays(),
          options.readingRetention().toDays(), options.rollupRetention().toDays());
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static boolean aggregateExists(Connection c, String view) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM timescaledb_information.continuous_aggregates WHERE view_name = ?")) {
      s.setString(1, view);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static boolean compressionEnabled(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = ?")) {
      s.setString(1, table);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  private static String interval(Duration d) {
    return "INTERVAL '" + d.toDays() + " days'";
  }
}
