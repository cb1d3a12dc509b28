package cn.anxin.gateway.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Family app credentials from {@code family_push_credential}: only live (not revoked) credentials
 * of FAMILY accounts are found.
 */
public final class JdbcFamilyAppDirectory implements FamilyAppDirectory {

  private static final String FIND = "SELECT f.client_id, f.account_id, f.secret_hash, a.enabled"
      + " FROM family_push_credential f JOIN account a ON a.id = f.account_id"
      + " WHERE f.client_id = ? AND f.revoked_at IS NULL AND a.role = 'FAMILY'";

  private final DataSource dataSource;

  public JdbcFamilyAppDirectory(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Optional<FamilyAppCredential> find(String clientId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND)) {
      s.setString(1, clientId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new FamilyAppCredential(r.getString(1), r.getLong(2), r.getString(3), r.getBoolean(4)));
      }
    }
  }

  @Override
  public void replaceHash(String clientId, String oldHash, String newHash) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE family_push_credential SET secret_hash = ?"
            + " WHERE client_id = ? AND secret_hash = ? AND revoked_at IS NULL")) {
      s.setString(1, newHash);
      s.setString(2, clientId);
      s.setString(3, oldHash);
      s.executeUpdate();
    }
  }
}
