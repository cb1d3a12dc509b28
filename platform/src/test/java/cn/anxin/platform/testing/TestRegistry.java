package cn.anxin.platform.testing;

import cn.anxin.gateway.auth.SecretHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Registers sites, elders and devices straight into a test database. */
public final class TestRegistry {

  private static final SecretHasher HASHER = new SecretHasher();

  private TestRegistry() {}

  /** A day-care centre, an elder at it, and a fall radar bound to the elder; returns the elder id. */
  public static long elderWithRadar(DataSource ds, String elderName, String deviceId, String secret)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      long site = insert(c, "INSERT INTO site (code, name, kind) VALUES (?, ?, 'DAY_CARE') RETURNING id",
          "S-" + deviceId, "测试日间照料中心");
      long elder = insert(c, "INSERT INTO elder (code, name, site_id) VALUES (?, ?, " + site + ") RETURNING id",
          "E-" + deviceId, elderName);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room)"
              + " VALUES (?, 'FALL_RADAR', ?, ?, ?, 'bathroom')")) {
        s.setString(1, deviceId);
        s.setString(2, HASHER.hash(secret));
        s.setLong(3, elder);
        s.setLong(4, site);
        s.executeUpdate();
      }
      return elder;
    }
  }

  /** Another fall radar at the same site and for the same elder as an existing device. */
  public static void radarBeside(DataSource ds, String existingDeviceId, String deviceId, String secret)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(
            "INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room)"
                + " SELECT ?, 'FALL_RADAR', ?, elder_id, site_id, 'bedroom' FROM device WHERE id = ?")) {
      s.setString(1, deviceId);
      s.setString(2, HASHER.hash(secret));
      s.setString(3, existingDeviceId);
      if (s.executeUpdate() != 1) {
        throw new SQLException("no device " + existingDeviceId);
      }
    }
  }

  public static void disable(DataSource ds, String deviceId) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE device SET enabled = false WHERE id = ?")) {
      s.setString(1, deviceId);
      s.executeUpdate();
    }
  }

  /** A single number from a query, e.g. a count. */
  public static long count(DataSource ds, String sql, Object... args) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long insert(Connection c, String sql, String a, String b) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, a);
      s.setString(2, b);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
