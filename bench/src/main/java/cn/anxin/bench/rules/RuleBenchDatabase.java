package cn.anxin.bench.rules;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.store.Database;
import cn.anxin.platform.store.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The product's embedded PostgreSQL in a temporary directory (as shipped: fsync on), migrated, with
 * one day-care centre of elders, each with a fall radar, and a journal the benchmark fills in
 * chunks (rows already marked processed: no consumer runs here).
 */
final class RuleBenchDatabase implements AutoCloseable {

  private static final String[] ROOMS = {"bathroom", "bedroom", "living room"};
  private static final int CHUNK = 5_000;
  private static final String INSERT = "INSERT INTO device_event (id, device_id, msg_id, kind, event_time,"
      + " event_offset_minutes, received_at, payload, processed_at, device_time, clock_skew_ms)"
      + " SELECT id, d, m, k, et, 480, ra, p::jsonb, ra, et, -300"
      + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[])"
      + " AS u(id, d, m, k, et, ra, p)";

  private final Path dir;
  private final Database database;
  private final List<RuleMix.Radar> radars;

  private RuleBenchDatabase(Path dir, Database database, List<RuleMix.Radar> radars) {
    this.dir = dir;
    this.database = database;
    this.radars = radars;
  }

  static RuleBenchDatabase start(int elders) throws Exception {
    Path dir = Files.createTempDirectory("anxin-rules-bench-");
    Database database = null;
    try {
      database = Database.open(DatabaseOptions.embeddedAt(dir));
      return new RuleBenchDatabase(dir, database, register(database.dataSource(), elders));
    } catch (Exception | Error e) {
      if (database != null) {
        database.close();
      }
      cn.anxin.bench.WorkDirs.deleteTree(dir);
      throw e;
    }
  }

  DataSource dataSource() {
    return database.dataSource();
  }

  List<RuleMix.Radar> radars() {
    return radars;
  }

  /** Journal ids for {@code count} new rows, in increasing order. */
  long[] nextIds(Connection c, int count) throws SQLException {
    long[] ids = new long[count];
    try (PreparedStatement s = c.prepareStatement(
        "SELECT nextval('device_event_id_seq') FROM generate_series(1, ?)")) {
      s.setInt(1, count);
      try (ResultSet r = s.executeQuery()) {
        for (int i = 0; i < count && r.next(); i++) {
          ids[i] = r.getLong(1);
        }
      }
    }
    return ids;
  }

  /** Stores the events in the journal under their ids, in the caller's transaction. */
  void store(Connection c, List<MixedEvent> events) throws SQLException {
    for (int from = 0; from < events.size(); from += CHUNK) {
      List<MixedEvent> chunk = events.subList(from, Math.min(events.size(), from + CHUNK));
      int n = chunk.size();
      Long[] ids = new Long[n];
      String[] devices = new String[n];
      String[] msgIds = new String[n];
      String[] kinds = new String[n];
      Timestamp[] eventTimes = new Timestamp[n];
      Timestamp[] receivedAt = new Timestamp[n];
      String[] payloads = new String[n];
      for (int i = 0; i < n; i++) {
        MixedEvent e = chunk.get(i);
        ids[i] = e.event().eventId();
        devices[i] = e.event().deviceId();
        msgIds[i] = e.event().msgId();
        kinds[i] = e.event().kind().name();
        eventTimes[i] = Timestamp.from(e.event().eventTime());
        receivedAt[i] = Timestamp.from(e.event().receivedAt());
        payloads[i] = e.payloadJson();
      }
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setArray(1, array(c, "bigint", ids));
        s.setArray(2, array(c, "text", devices));
        s.setArray(3, array(c, "text", msgIds));
        s.setArray(4, array(c, "text", kinds));
        s.setArray(5, array(c, "timestamptz", eventTimes));
        s.setArray(6, array(c, "timestamptz", receivedAt));
        s.setArray(7, array(c, "text", payloads));
        s.executeUpdate();
      }
    }
  }

  /** A figure from the database, e.g. a count. */
  long single(String sql) throws SQLException {
    try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      database.close();
    } finally {
      cn.anxin.bench.WorkDirs.deleteTree(dir);
    }
  }

  private static Array array(Connection c, String type, Object[] values) throws SQLException {
    return c.createArrayOf(type, values);
  }

  private static List<RuleMix.Radar> register(DataSource ds, int elders) throws SQLException {
    String secretHash = new SecretHasher().hashGenerated(SecretHasher.newSecret());
    List<RuleMix.Radar> radars = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      long site;
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO site (code, name, kind) VALUES ('S-RULES-BENCH', '规则压测日间照料中心', 'DAY_CARE')"
              + " RETURNING id");
          ResultSet r = s.executeQuery()) {
        r.next();
        site = r.getLong(1);
      }
      for (int i = 0; i < elders; i++) {
        long elder;
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO elder (code, name, site_id) VALUES (?, ?, ?) RETURNING id")) {
          s.setString(1, String.format("E-RB-%04d", i));
          s.setString(2, "规则压测老人" + i);
          s.setLong(3, site);
          try (ResultSet r = s.executeQuery()) {
            r.next();
            elder = r.getLong(1);
          }
        }
        String device = String.format("rules-bench-%04d", i);
        String room = ROOMS[i % ROOMS.length];
        try (PreparedStatement s = c.prepareStatement("INSERT INTO device (id, kind, secret_hash, elder_id, site_id,"
            + " room) VALUES (?, 'FALL_RADAR', ?, ?, ?, ?)")) {
          s.setString(1, device);
          s.setString(2, secretHash);
          s.setLong(3, elder);
          s.setLong(4, site);
          s.setString(5, room);
          s.executeUpdate();
        }
        radars.add(new RuleMix.Radar(device, elder, room, i % 20 == 0));
      }
      c.commit();
    }
    return List.copyOf(radars);
  }


}
