package cn.anxin.gateway.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Device credentials from the registry's {@code device} table. */
public final class JdbcDeviceDirectory implements DeviceDirectory {

  private final DataSource dataSource;

  public JdbcDeviceDirectory(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Optional<DeviceCredential> find(String deviceId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT id, secret_hash, enabled, site_id FROM device WHERE id = ?")) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new DeviceCredential(r.getString("id"), r.getString("secret_hash"), r.getBoolean("enabled"),
                Optional.ofNullable(r.getObject("site_id", Long.class))));
      }
    }
  }

  @Override
  public void replaceHash(String deviceId, String oldHash, String newHash) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE device SET secret_hash = ? WHERE id = ? AND secret_hash = ?")) {
      s.setString(1, newHash);
      s.setString(2, deviceId);
      s.setString(3, oldHash);
      s.executeUpdate();
    }
  }
}
