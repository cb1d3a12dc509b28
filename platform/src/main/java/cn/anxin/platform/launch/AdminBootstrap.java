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
 * password in {@code ANXIN_ADMIN_PASSWORD}, or with a random one written to a file readable by the
 * platform's user only ({@code <data dir>/admin-password}), whose path is logged; delete it after
 * the first sign-in. The password itself never goes to the log.
 */
final class AdminBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

  private AdminBootstrap() {}

  static void ensureAdmin(DataSource dataSource, SecretHasher hasher, String configuredPassword,
      java.nio.file.Path dataDir) throws SQLException, java.io.IOException {
    Accounts accounts = new Accounts(hasher);
    try (Connection c = dataSource.getConnection()) {
      if (accounts.any(c)) {
        return;
      }
      boolean given = configuredPassword != null && !configuredPassword.isBlank();
      String password = given ? configuredPassword : SecretHasher.newSecret();
      if (!given) {
        java.nio.file.Files.createDirectories(dataDir);
        java.nio.file.Path file = dataDir.resolve("admin-password");
        java.nio.file.Files.writeString(file, password + "\n");
        try {
          java.nio.file.Files.setPosixFilePermissions(file,
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the data directory's own protection applies
        }
        LOG.warn("created the first administrator account 'admin'; its password is in {}"
            + " — sign in, change it (PUT /api/me/password) and delete the file", file.toAbsolutePath());
      }
      accounts.create(c, "admin", "系统管理员", Role.ADMIN, password, List.of());
      if (given) {
        LOG.info("created the first administrator account 'admin' with the password in ANXIN_ADMIN_PASSWORD");
      }
    }
  }
}
