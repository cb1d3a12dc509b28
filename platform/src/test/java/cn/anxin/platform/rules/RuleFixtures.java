package cn.anxin.platform.rules;

import cn.anxin.gateway.auth.SecretHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;

/** Elders and their devices for the rule tests, written straight into the test database. */
final class RuleFixtures {

  static final String SECRET = "s3cret-rules";
  private static final SecretHasher HASHER = new SecretHasher();

  private RuleFixtures() {}

  /** A day-care centre, an elder at it (risk tier GENERAL) and one device of a kind bound to the elder. */
  static long elderWith(DataSource db, String deviceId, String kind, String room) throws SQLException {
    try (Connection c = db.getConnection()) {
      long site = id(c, "INSERT INTO site (code, name, kind) VALUES ('S-" + deviceId + "', '规则测试中心', 'DAY_CARE')"
          + " RETURNING id");
      long elder = id(c, "INSERT INTO elder (code, name, site_id) VALUES ('E-" + deviceId + "', '测试老人', " + site
          + ") RETURNING id");
      device(c, deviceId, kind, elder, site, room);
      return elder;
    }
  }

  /** Another device for the same elder. */
  static void deviceFor(DataSource db, long elderId, String deviceId, String kind, String room) throws SQLException {
    try (Connection c = db.getConnection()) {
      long site = id(c, "SELECT site_id FROM elder WHERE id = " + elderId);
      device(c, deviceId, kind, elderId, site, room);
    }
  }

  static void riskTier(DataSource db, long elderId, String tier) throws SQLException {
    update(db, "UPDATE elder SET risk_tier = '" + tier + "' WHERE id = " + elderId);
  }

  static void categories(DataSource db, long elderId, String... categories) throws SQLException {
    update(db, "UPDATE elder SET categories = ARRAY['" + String.join("','", categories) + "']::text[] WHERE id = "
        + elderId);
  }

  static void assessed(DataSource db, long elderId, int score, LocalDate on) throws SQLException {
    update(db, "INSERT INTO ability_assessment (elder_id, score, assessed_on, assessor, next_due) VALUES ("
        + elderId + ", " + score + ", '" + on + "', 'test', '" + on.plusYears(1) + "')");
  }

  /** A status period from a day, open-ended. */
  static void status(DataSource db, long elderId, String status, LocalDate from) throws SQLException {
    update(db, "INSERT INTO elder_status (elder_id, status, from_date) VALUES (" + elderId + ", '" + status
        + "', '" + from + "')");
  }

  /** A status period from one day to another, both included. */
  static void status(DataSource db, long elderId, String status, LocalDate from, LocalDate to) throws SQLException {
    update(db, "INSERT INTO elder_status (elder_id, status, from_date, to_date) VALUES (" + elderId + ", '" + status
        + "', '" + from + "', '" + to + "')");
  }

  private static void device(Connection c, String deviceId, String kind, long elder, long site, String room)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room)"
        + " VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, deviceId);
      s.setString(2, kind);
      s.setString(3, HASHER.hash(SECRET));
      s.setLong(4, elder);
      s.setLong(5, site);
      s.setString(6, room);
      s.executeUpdate();
    }
  }

  private static void update(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.executeUpdate();
    }
  }

  private static long id(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }
}
