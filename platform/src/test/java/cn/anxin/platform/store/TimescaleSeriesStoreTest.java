package cn.anxin.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.store.series.ReadingProjection;
import cn.anxin.platform.store.series.SeriesLayout;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The time-series store on TimescaleDB, in a container: the same migrations choose hypertables,
 * the start-up adds continuous aggregates, compression and retention policies, and the shared
 * views answer the same date_bin queries as on plain PostgreSQL. Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimescaleSeriesStoreTest {

  @Container
  private static final PostgreSQLContainer TIMESCALE = new PostgreSQLContainer(
      DockerImageName.parse("timescale/timescaledb:2.17.2-pg16").asCompatibleSubstituteFor("postgres"));

  private HikariDataSource db;
  private long elder;

  @BeforeAll
  void migrate() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TIMESCALE.getJdbcUrl());
    config.setUsername(TIMESCALE.getUsername());
    config.setPassword(TIMESCALE.getPassword());
    config.setMaximumPoolSize(4);
    db = new HikariDataSource(config);
    Database.migrate(db);
    elder = TestRegistry.elderWithRadar(db, "周桂珍", "radar-ts", "secret");
  }

  @AfterAll
  void close() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void givenTimescaleDb_whenMigrated_thenReadingsAreHypertablesWithAggregatesAndPolicies() throws Exception {
    try (Connection c = db.getConnection()) {
      assertThat(SeriesLayout.of(c)).isEqualTo(SeriesLayout.TIMESCALE);
    }
    assertThat(count("SELECT count(*) FROM timescaledb_information.hypertables"
        + " WHERE hypertable_name LIKE 'reading\\_%' AND compression_enabled")).isEqualTo(7);
    assertThat(count("SELECT count(*) FROM timescaledb_information.continuous_aggregates"
        + " WHERE view_name LIKE 'reading\\_%\\_hourly'")).isEqualTo(7);
    assertThat(count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"))
        .isEqualTo(14);
    assertThat(count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'"))
        .isEqualTo(7);
    assertThat(count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'"))
        .isEqualTo(7);
    // a second start applies the same layout again without failing
    Database.migrate(db);
  }

  @Test
  void givenReadings_whenProjected_thenTheHourlyViewAnswersTheSameDateBinQueryAsOnPlainPostgres() throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<Long> ids = List.of(
        event("VITALS", hour.plusSeconds(60), "{\"heartRate\":72,\"breathingRate\":16}"),
        event("VITALS", hour.plusSeconds(120), "{\"heartRate\":90}"),
        event("WATER_READING", hour.plusSeconds(160), "{\"intervalMinutes\":15,\"volumeL\":12.5,\"registerL\":100}"));
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      new ReadingProjection(SeriesLayout.TIMESCALE).project(c, ids);
      c.commit();
    }
    assertThat(count("SELECT count(*) FROM elder_reading WHERE elder_id = " + elder)).isEqualTo(3);
    // real-time aggregation: the current hour is answered before any refresh has materialised it
    String hourly = "SELECT samples, min_value, avg_value, max_value, sum_value FROM reading_hourly"
        + " WHERE elder_id = ? AND metric = ? AND date_bin('1 hour', bucket, TIMESTAMPTZ '2000-01-01') = ?";
    assertThat(row(hourly, elder, "heart_rate", Timestamp.from(hour))).containsExactly(2.0, 72.0, 81.0, 90.0, 162.0);
    assertThat(row(hourly, elder, "water_l", Timestamp.from(hour))).containsExactly(1.0, 12.5, 12.5, 12.5, 12.5);
  }

  private long seq;

  private long event(String kind, Instant at, String fields) throws Exception {
    String msgId = "ts-" + (++seq);
    String payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + at + "\"," + fields.substring(1);
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes, received_at,"
            + " payload) VALUES ('radar-ts', ?, ?, ?, 480, now(), ?::jsonb) RETURNING id")) {
      s.setString(1, msgId);
      s.setString(2, kind);
      s.setTimestamp(3, Timestamp.from(at));
      s.setString(4, payload);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private List<Double> row(String sql, Object... args) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as("a row from %s", sql).isTrue();
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          values.add(r.getDouble(i));
        }
        return values;
      }
    }
  }

  private long count(String sql) throws Exception {
    return TestRegistry.count(db, sql);
  }
}
