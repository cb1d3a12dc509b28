package cn.anxin.platform.testing;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Accounts straight into a test database; every test account's password is {@link #PASSWORD}. */
public final class TestAccounts {

  public static final String PASSWORD = "test-password-1";

  private static final Accounts ACCOUNTS = new Accounts(new SecretHasher());

  private TestAccounts() {}

  /** An account of this role working for these sites (staff, supervisors); returns its id. */
  public static long create(DataSource ds, String username, Role role, Long... siteIds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return ACCOUNTS.create(c, username, "测试 " + username, role, PASSWORD, List.of(siteIds));
    }
  }

  /** A family account linked to an elder as a contact (with or without notification consent). */
  public static long family(DataSource ds, String username, long elderId) throws SQLException {
    long id = create(ds, username, Role.FAMILY);
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(
            "INSERT INTO elder_contact (elder_id, name, relation, phone, account_id) VALUES (?, ?, '子女', '13800000000', ?)")) {
      s.setLong(1, elderId);
      s.setString(2, "家属 " + username);
      s.setLong(3, id);
      s.executeUpdate();
    }
    return id;
  }
}
