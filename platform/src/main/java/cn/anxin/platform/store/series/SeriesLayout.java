package cn.anxin.platform.store.series;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Which form the time-series tables took when the schema was migrated (V17 chose it from
 * {@code pg_available_extensions}): TimescaleDB hypertables, or native range partitions.
 */
public enum SeriesLayout {
  /** Range partitions by month, BRIN, rollups kept by the platform, retention by dropping partitions. */
  NATIVE,
  /** Hypertables, continuous aggregates, compression and retention policies. */
  TIMESCALE;

  /** The layout recorded by the migration. */
  public static SeriesLayout of(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT layout FROM series_layout")) {
      if (!r.next()) {
        throw new SQLException("series_layout is empty: the V17 migration did not complete");
      }
      return valueOf(r.getString(1));
    }
  }

  /** Whether the timescaledb extension could be installed on this server now. */
  static boolean timescaleAvailable(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
      return r.next();
    }
  }
}
