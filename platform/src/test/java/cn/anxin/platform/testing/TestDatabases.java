package cn.anxin.platform.testing;

import cn.anxin.platform.store.Database;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL for tests: the server named by {@code ANXIN_TEST_DB_URL} (an admin URL such as
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, with {@code ANXIN_TEST_DB_USER} and
 * {@code ANXIN_TEST_DB_PASSWORD}), or else one embedded server shared by the test JVM. Each call
 * to {@link #fresh()} gives a new database at the current schema, copied from a migrated template.
 * On a server of the machine's, the databases a test JVM made are dropped when it exits, and those
 * left by a test JVM that no longer runs (killed mid-run) are dropped when the next one starts.
 */
public final class TestDatabases {

  private static final String TEMPLATE = "anxin_template_" + ProcessHandle.current().pid();
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static Server server;

  private TestDatabases() {}

  /** A new, migrated, empty database; close the pool when done with it. */
  public static synchronized HikariDataSource fresh() throws Exception {
    Server s = server();
    String name = TEMPLATE.replace("template", "t" + COUNTER.incrementAndGet());
    try (Connection admin = s.admin(); Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    }
    CREATED.add(name);
    return pool(s, name);
  }

  /**
   * A new database whose schema is as it was just before migration {@code version}, whichever
   * migrations precede it: for testing what a migration does to data already there. Close the pool
   * when done; the database itself is left to the test server (like those of {@link #fresh()}).
   */
  public static synchronized HikariDataSource migratedBefore(String version) throws Exception {
    Server s = server();
    String name = TEMPLATE.replace("template", "v" + COUNTER.incrementAndGet());
    try (Connection admin = s.admin(); Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    }
    CREATED.add(name);
    HikariDataSource old = pool(s, name);
    org.flywaydb.core.api.MigrationVersion target = java.util.Arrays.stream(
            org.flywaydb.core.Flyway.configure().dataSource(old).locations("classpath:db/migration").load().info().all())
        .map(org.flywaydb.core.api.MigrationInfo::getVersion)
        .filter(v -> v != null && v.compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(version)) < 0)
        .max(java.util.Comparator.naturalOrder()).orElseThrow();
    org.flywaydb.core.Flyway.configure().dataSource(old).locations("classpath:db/migration").target(target).load()
        .migrate();
    return old;
  }

  /**
   * Makes a database of {@link #fresh()} unreachable, as an outage does: it accepts no new
   * connection and every open one (the pool's too) is cut. {@link #reopen} ends the outage.
   */
  public static synchronized void cutOff(HikariDataSource ds) throws Exception {
    String name = databaseOf(ds);
    try (Connection admin = server().admin(); Statement st = admin.createStatement()) {
      st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }
  }

  /** Lets a database cut off by {@link #cutOff} accept connections again. */
  public static synchronized void reopen(HikariDataSource ds) throws Exception {
    try (Connection admin = server().admin(); Statement st = admin.createStatement()) {
      st.execute("ALTER DATABASE " + databaseOf(ds) + " ALLOW_CONNECTIONS true");
    }
  }

  private static String databaseOf(HikariDataSource ds) {
    String url = ds.getJdbcUrl();
    int slash = url.lastIndexOf('/');
    int query = url.indexOf('?', slash);
    String name = query < 0 ? url.substring(slash + 1) : url.substring(slash + 1, query);
    if (!CREATED.contains(name) || name.equals(TEMPLATE)) {
      throw new IllegalArgumentException("not a test database of this JVM: " + name);
    }
    return name;
  }

  private static Server server() throws Exception {
    if (server != null) {
      return server;
    }
    String url = System.getenv("ANXIN_TEST_DB_URL");
    Server s = url == null || url.isBlank()
        ? Server.startEmbedded()
        : new Server(url, env("ANXIN_TEST_DB_USER", "postgres"), env("ANXIN_TEST_DB_PASSWORD", ""), null);
    if (s.embedded() == null) {
      if (s.adminUrl().contains("//127.0.0.1") || s.adminUrl().contains("//localhost")) {
        dropOrphans(s);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(s)));
    }
    try (Connection admin = s.admin(); Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + TEMPLATE);
      st.execute("CREATE DATABASE " + TEMPLATE + " ENCODING 'UTF8' TEMPLATE template0");
    }
    CREATED.add(TEMPLATE);
    try (HikariDataSource template = pool(s, TEMPLATE)) {
      Database.migrate(template);
    }
    server = s;
    return s;
  }

  /** Drops this JVM's databases, newest first so the template goes last; pools still open are cut. */
  private static void dropCreated(Server s) {
    java.util.List<String> names = new java.util.ArrayList<>(CREATED);
    java.util.Collections.reverse(names);
    try (Connection admin = s.admin(); Statement st = admin.createStatement()) {
      for (String name : names) {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    } catch (SQLException e) {
      System.err.println("test databases left on the server: " + e.getMessage());
    }
  }

  /** Drops test databases whose JVM (the pid ending their name) no longer runs on this machine. */
  private static void dropOrphans(Server s) throws SQLException {
    java.util.List<String> orphans = new java.util.ArrayList<>();
    try (Connection admin = s.admin(); Statement st = admin.createStatement();
        java.sql.ResultSet rs = st.executeQuery(
            "SELECT datname FROM pg_database WHERE datname ~ '^anxin_(template|t[0-9]+|v[0-9]+)_[0-9]+$'")) {
      while (rs.next()) {
        String name = rs.getString(1);
        long pid = Long.parseLong(name.substring(name.lastIndexOf('_') + 1));
        if (ProcessHandle.of(pid).isEmpty()) {
          orphans.add(name);
        }
      }
      for (String name : orphans) {
        try {
          st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
          // another test JVM starting at the same time is dropping it; the next run tries again
        }
      }
    }
  }

  private static HikariDataSource pool(Server s, String database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(s.urlFor(database));
    config.addDataSourceProperty("logServerErrorDetail", "false");
    config.setUsername(s.user());
    config.setPassword(s.password());
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  private record Server(String adminUrl, String user, String password, EmbeddedPostgres embedded) {

    static Server startEmbedded() throws Exception {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (Exception ignored) {
          // the JVM is going away; the temporary directory goes with it
        }
      }));
      return new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", pg);
    }

    Connection admin() throws SQLException {
      return DriverManager.getConnection(adminUrl, user, password);
    }

    String urlFor(String database) {
      int slash = adminUrl.lastIndexOf('/');
      int query = adminUrl.indexOf('?', slash);
      return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }
  }
}
