package cn.anxin.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first administrator of an empty database, and nothing more on later starts. */
class AdminBootstrapTest {

  @Test
  void givenAnEmptyDatabaseAndNoPasswordGiven_whenStarted_thenAdminGetsARandomPasswordInAnOwnerOnlyFile(
      @TempDir Path dataDir) throws Exception {
    SecretHasher hasher = new SecretHasher();
    try (HikariDataSource db = TestDatabases.fresh()) {
      AdminBootstrap.ensureAdmin(db, hasher, null, dataDir);
      Path file = dataDir.resolve("admin-password");
      String password = Files.readString(file).strip();

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      try (var c = db.getConnection()) {
        assertThat(new Accounts(hasher).check(c, "admin", password)).isPresent();
      }
      Files.delete(file);
      AdminBootstrap.ensureAdmin(db, hasher, null, dataDir);
      assertThat(file).as("an existing account means no new password").doesNotExist();
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM account")).isEqualTo(1);
    }
  }

  @Test
  void givenAConfiguredPassword_whenStarted_thenAdminUsesItAndNoFileIsWritten(@TempDir Path dataDir) throws Exception {
    SecretHasher hasher = new SecretHasher();
    try (HikariDataSource db = TestDatabases.fresh()) {
      AdminBootstrap.ensureAdmin(db, hasher, "configured-admin-pass", dataDir);

      assertThat(dataDir.resolve("admin-password")).doesNotExist();
      try (var c = db.getConnection()) {
        assertThat(new Accounts(hasher).check(c, "admin", "configured-admin-pass")).isPresent();
      }
    }
  }
}
