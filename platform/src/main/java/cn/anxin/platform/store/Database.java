package cn.anxin.platform.store;

import cn.anxin.platform.store.series.SeriesLayout;
import cn.anxin.platform.store.series.SeriesMaintenance;
import cn.anxin.platform.store.series.SeriesOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The platform's PostgreSQL: a connection pool, migrated to the current schema on open. */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource pool;
  private final Optional<EmbeddedPostgresServer> embedded;

  private Database(HikariDataSource pool, Optional<EmbeddedPostgresServer> embedded) {
    this.pool = pool;
    this.embedded = embedded;
  }

  /** Opens the external server named in the options, or starts the embedded one; then migrates. */
  public static Database open(DatabaseOptions options) throws Exception {
    Objects.requireNonNull(options, "options");
    Optional<EmbeddedPostgresServer> embedded = Optional.empty();
    String url;
    if (options.url().isPresent()) {
      url = options.url().get();
    } else {
      embedded = Optional.of(EmbeddedPostgresServer.start(options.dataDir()));
      url = embedded.get().jdbcUrl();
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("anxin-db");
    config.setJdbcUrl(url);
    // A constraint violation's detail names the row's values (an ID-card hash, an elder's address):
    // keep them out of exception messages, and so out of the logs.
    config.addDataSourceProperty("logServerErrorDetail", "false");
    config.setUsername(options.user());
    config.setPassword(options.password());
    config.setMaximumPoolSize(options.poolSize());
    config.setConnectionTimeout(5_000);
    try {
      Database database = new Database(new HikariDataSource(config), embedded);
      migrate(database.pool);
      return database;
    } catch (RuntimeException e) {
      if (embedded.isPresent()) {
        embedded.get().close();
      }
      throw e;
    }
  }

  /** Brings a database to the current schema. */
  public static void migrate(DataSource dataSource) {
    var result = Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    LOG.info("database schema at version {} ({} migrations applied now)",
        result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
        result.migrationsExecuted);
    try {
      SeriesLayout layout = SeriesMaintenance.prepare(
          dataSource, SeriesOptions.fromEnv(System.getenv()), java.time.Clock.systemUTC());
      LOG.info("time-series store: {} layout", layout);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("the time-series store could not be prepared: " + e.getMessage(), e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() throws Exception {
    pool.close();
    if (embedded.isPresent()) {
      embedded.get().close();
    }
  }
}
