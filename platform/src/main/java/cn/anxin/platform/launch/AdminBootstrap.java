package cn.anxin.platform.launch;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Role;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first administrator: when the database has no account at all, creates {@code admin} with the
 * password in {@code ANXIN_ADMIN_PASSWORD}, or with a random one written once to the log.
 */
final class AdminBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

  private AdminBootstrap() {}

  static void ensureAdmin(DataSource dataSource, SecretHasher hasher, String configuredPassword)
      throws SQLException {
    Accounts accounts = new Accounts(hasher);
    try (Connection c = dataSource.getConnection()) {
      if (accounts.any(c)) {
        return;
      }
      boolean given = configuredPassword != null && !configuredPassword.isBlank();
      String password = given ? configuredPassword : SecretHasher.newSecret();
      accounts.create(c, "admin", "系统管理员", Role.ADMIN, password, List.of());
      if (given) {
        LOG.info("created the first administrator account 'admin' with the password in ANXIN_ADMIN_PASSWORD");
      } else {
        LOG.warn("created the first administrator account 'admin' with the one-time password {}"
            + " — sign in and change it; it is not shown again", password);
      }
    }
  }
}
