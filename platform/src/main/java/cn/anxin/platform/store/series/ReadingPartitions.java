package cn.anxin.platform.store.series;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The native layout's monthly partitions (UTC months): created ahead of time, dropped whole once
 * every row in them is past the retention period. Rows outside every monthly partition (a device
 * that uploads months late, a clock far off) land in each table's DEFAULT partition; a new month
 * takes its rows over from there when it is created, and expired ones are deleted from it.
 */
public final class ReadingPartitions {

  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");
  private static final Pattern MONTHLY = Pattern.compile("^(reading_[a-z_]+)_p(\\d{6})$");
  private static final String CHILDREN =
      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
          + " WHERE i.inhparent = ?::regclass ORDER BY c.relname";

  /**
   * Creates the partitions of {@code table} for {@code first} through {@code last} that do not
   * exist yet; returns their names.
   */
  public List<String> ensure(Connection c, String table, YearMonth first, YearMonth last) throws SQLException {
    List<String> created = new ArrayList<>();
    List<String> existing = children(c, table);
    for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
      String name = partitionName(table, month);
      if (!existing.contains(name)) {
        create(c, table, name, month);
        created.add(name);
      }
    }
    return created;
  }

  /**
   * Drops every monthly partition whose whole month is before {@code cutoff} and deletes older
   * rows from the DEFAULT partitions; returns the partitions dropped.
   */
  public List<String> dropBefore(Connection c, String table, Instant cutoff) throws SQLException {
    List<String> dropped = new ArrayList<>();
    for (String child : children(c, table)) {
      Matcher m = MONTHLY.matcher(child);
      if (!m.matches() || !m.group(1).equals(table)) {
        continue;
      }
      YearMonth month = YearMonth.parse(m.group(2), SUFFIX);
      if (!start(month.plusMonths(1)).isAfter(cutoff)) {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE " + child);
        }
        dropped.add(child);
      }
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + "_default WHERE event_time < ?")) {
      s.setTimestamp(1, Timestamp.from(cutoff));
      s.executeUpdate();
    }
    return dropped;
  }

  static String partitionName(String table, YearMonth month) {
    return table + "_p" + month.format(SUFFIX);
  }

  private static Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * Creates the month's table beside the parent, moves into it any rows of that month the DEFAULT
   * partition holds, and attaches it (which builds its indexes); all in the caller's transaction.
   */
  private static void create(Connection c, String table, String name, YearMonth month) throws SQLException {
    String from = "TIMESTAMPTZ '" + start(month) + "'";
    String to = "TIMESTAMPTZ '" + start(month.plusMonths(1)) + "'";
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + name + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      s.execute("WITH moved AS (DELETE FROM " + table + "_default WHERE event_time >= " + from
          + " AND event_time < " + to + " RETURNING *) INSERT INTO " + name + " SELECT * FROM moved");
      s.execute("ALTER TABLE " + table + " ATTACH PARTITION " + name
          + " FOR VALUES FROM (" + from + ") TO (" + to + ")");
    }
  }

  private static List<String> children(Connection c, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(CHILDREN)) {
      s.setString(1, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
    }
    return names;
  }
}
