package cn.anxin.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.store.series.ReadingPartitions;
import cn.anxin.platform.store.series.ReadingProjection;
import cn.anxin.platform.store.series.SeriesLayout;
import cn.anxin.platform.store.series.SeriesMaintenance;
import cn.anxin.platform.store.series.SeriesOptions;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The time-series store on plain PostgreSQL (no TimescaleDB): monthly range partitions with BRIN,
 * typed readings with the elder, rollups kept by the platform under the shared view names, and
 * retention by dropping whole partitions.
 */
class NativeSeriesStoreTest {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
  private HikariDataSource db;
  private long elder;
  private long seq;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = TestDatabases.fresh();
    elder = TestRegistry.elderWithRadar(db, "李凤英", "radar-series", "secret");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void givenPlainPostgres_whenMigrated_thenReadingsAreMonthlyPartitionsWithBrinAndADefault() throws Exception {
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    try (Connection c = db.getConnection()) {
      assertThat(SeriesLayout.of(c)).isEqualTo(SeriesLayout.NATIVE);
    }
    assertThat(count("SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
        + " WHERE c.relname LIKE 'reading\\_%'")).isEqualTo(7);
    for (YearMonth m : List.of(now.minusMonths(1), now, now.plusMonths(1), now.plusMonths(2))) {
      assertThat(count("SELECT count(*) FROM pg_class WHERE relname = ?", "reading_vitals_p" + m.format(MONTH)))
          .as("partition of %s", m).isEqualTo(1);
    }
    assertThat(count("SELECT count(*) FROM pg_class WHERE relname = 'reading_heartbeat_default'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM pg_indexes WHERE tablename = ? AND indexdef LIKE '%USING brin (event_time)%'",
        "reading_water_p" + now.format(MONTH))).isEqualTo(1);
  }

  @Test
  void givenJournalRowsOfEveryKind_whenProjected_thenTypedRowsCarryTheElderAndTheHourlyViewRollsThemUp()
      throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    // GIVEN a batch of processed journal rows: vitals, presence, dwell, bed, water, a fall (no table)
    List<Long> batch = List.of(
        event("VITALS", hour.plusSeconds(60), "{\"heartRate\":72,\"breathingRate\":16,\"inBed\":true}"),
        event("VITALS", hour.plusSeconds(120), "{\"heartRate\":90}"),
        event("PRESENCE", hour.plusSeconds(130), "{\"present\":true,\"targets\":1}"),
        event("DWELL", hour.plusSeconds(140), "{\"seconds\":1800,\"zone\":\"bathroom\"}"),
        event("BED_STATE", hour.plusSeconds(150), "{\"state\":\"in\"}"),
        event("WATER_READING", hour.plusSeconds(160), "{\"intervalMinutes\":15,\"volumeL\":12.5,\"registerL\":100}"),
        event("FALL", hour.plusSeconds(170), "{\"confidence\":0.9}"));
    project(batch);
    // WHEN a later batch adds to the same hour
    project(List.of(
        event("VITALS", hour.plusSeconds(1800), "{\"heartRate\":60,\"breathingRate\":20}"),
        event("WATER_READING", hour.plusSeconds(1900), "{\"intervalMinutes\":15,\"volumeL\":7.5,\"registerL\":107.5}"),
        event("HEARTBEAT", hour.plusSeconds(1910), "{\"battery\":55,\"firmware\":\"1.2\"}"),
        event("ELECTRICITY_READING", hour.plusSeconds(1920), "{\"intervalMinutes\":30,\"energyWh\":250,\"registerWh\":9000}"),
        event("LOCATION", hour.plusSeconds(1930), "{\"lat\":25.04,\"lon\":102.71,\"accuracyM\":8,\"fix\":\"gps\"}"),
        event("MEAL_SWIPE", hour.plusSeconds(1940), "{\"credential\":{\"type\":\"elder_card\",\"id\":\"C-1\"},"
            + "\"mealType\":\"lunch\",\"priceFen\":1200,\"subsidyFen\":800,\"paidFen\":400,\"terminal\":\"T1\"}")));

    // THEN each reading is in its table with the elder its device is bound to
    assertThat(count("SELECT count(*) FROM reading_vitals WHERE elder_id = ?", elder)).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM reading_presence WHERE elder_id = ?", elder)).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM reading_presence WHERE kind = 'BED_STATE' AND bed_state = 'IN'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM reading_water WHERE elder_id = ?", elder)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM reading_location WHERE fix = 'GPS'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM reading_meal_swipe WHERE credential_type = 'ELDER_CARD'"
        + " AND meal_type = 'LUNCH' AND paid_fen = 400")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM elder_reading WHERE elder_id = ?", elder)).isEqualTo(11);
    // the credential's id is not copied out of the journal
    assertThat(count("SELECT count(*) FROM reading_meal_swipe m WHERE to_jsonb(m)::text LIKE '%C-1%'")).isZero();

    // and the hourly view, queried with date_bin as every reader does, has the hour's figures
    String hourly = "SELECT samples, min_value, avg_value, max_value, sum_value FROM reading_hourly"
        + " WHERE elder_id = ? AND metric = ? AND date_bin('1 hour', bucket, TIMESTAMPTZ '2000-01-01') = ?";
    assertThat(row(hourly, elder, "heart_rate", Timestamp.from(hour))).containsExactly(3.0, 60.0, 74.0, 90.0, 222.0);
    assertThat(row(hourly, elder, "breathing_rate", Timestamp.from(hour))).containsExactly(2.0, 16.0, 18.0, 20.0, 36.0);
    assertThat(row(hourly, elder, "water_l", Timestamp.from(hour))).containsExactly(2.0, 7.5, 10.0, 12.5, 20.0);
    assertThat(row(hourly, elder, "dwell_seconds", Timestamp.from(hour))).containsExactly(1.0, 1800.0, 1800.0, 1800.0, 1800.0);
    assertThat(row(hourly, elder, "battery", Timestamp.from(hour))).containsExactly(1.0, 55.0, 55.0, 55.0, 55.0);
    assertThat(count("SELECT count(DISTINCT metric) FROM reading_hourly WHERE device_id = 'radar-series'")).isEqualTo(10);
  }

  @Test
  void givenAReadingBeyondThePartitionsMadeAhead_whenItsMonthIsCreated_thenItMovesOutOfTheDefault() throws Exception {
    YearMonth far = YearMonth.now(ZoneOffset.UTC).plusMonths(6);
    Instant inFar = far.atDay(10).atStartOfDay(ZoneOffset.UTC).toInstant();
    // GIVEN a reading six months ahead (a device clock far off), stored in the DEFAULT partition
    project(List.of(event("VITALS", inFar, "{\"heartRate\":70}")));
    assertThat(count("SELECT count(*) FROM reading_vitals_default")).isEqualTo(1);

    // WHEN maintenance later creates that month
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      new ReadingPartitions().ensure(c, "reading_vitals", far, far);
      c.commit();
    }

    // THEN the reading lives in its month, and the table still answers for it
    assertThat(count("SELECT count(*) FROM reading_vitals_default")).isZero();
    assertThat(count("SELECT count(*) FROM reading_vitals_p" + far.format(MONTH))).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM reading_vitals WHERE event_time = ?", Timestamp.from(inFar))).isEqualTo(1);
  }

  @Test
  void givenReadingsAndJournalRowsPastRetention_whenMaintenanceRuns_thenWholeOldMonthsAreDroppedAndTheRestKept()
      throws Exception {
    YearMonth current = YearMonth.now(ZoneOffset.UTC);
    Instant thisMonth = current.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
    Instant nextMonth = current.plusMonths(1).atDay(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant longAgo = current.minusMonths(5).atDay(3).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant farAhead = current.plusMonths(8).atDay(3).atStartOfDay(ZoneOffset.UTC).toInstant();
    long alerted = event("VITALS", thisMonth, "{\"heartRate\":140}");
    project(List.of(alerted,
        event("VITALS", nextMonth, "{\"heartRate\":71}"),
        event("VITALS", longAgo, "{\"heartRate\":72}"),
        event("VITALS", farAhead, "{\"heartRate\":73}")));
    markProcessed();
    TestRegistry.count(db, "INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at,"
        + " cause_event_id, device_id) VALUES (?, 'ABNORMAL_VITALS', 'P2', now(), now(), now(), ?, 'radar-series')"
        + " RETURNING 1", elder, alerted);

    // GIVEN a clock 30 days into next month and everything kept for 30 days
    Instant cutoff = current.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Clock later = Clock.fixed(cutoff.plus(Duration.ofDays(30)), ZoneOffset.UTC);
    SeriesOptions thirtyDays = new SeriesOptions(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30), 2);

    // WHEN maintenance runs
    SeriesMaintenance.Run run = new SeriesMaintenance(db, later, thirtyDays).runOnce();

    // THEN this month and last month are dropped whole, next month is kept, the months ahead of
    // the new clock are made, and the DEFAULT partition keeps only what is not expired
    assertThat(run.layout()).isEqualTo(SeriesLayout.NATIVE);
    assertThat(run.dropped()).contains("reading_vitals_p" + current.format(MONTH),
        "reading_vitals_p" + current.minusMonths(1).format(MONTH));
    assertThat(run.dropped()).doesNotContain("reading_vitals_p" + current.plusMonths(1).format(MONTH));
    assertThat(run.created()).contains("reading_vitals_p" + current.plusMonths(3).format(MONTH));
    assertThat(heartRates()).containsExactlyInAnyOrder(71, 73);
    // the rollups of the expired hours are gone, the kept ones stay
    assertThat(count("SELECT count(*) FROM reading_hourly WHERE bucket < ?", Timestamp.from(cutoff))).isZero();
    assertThat(count("SELECT count(*) FROM reading_hourly WHERE bucket >= ?", Timestamp.from(cutoff))).isEqualTo(2);
    // and processed journal rows past retention are deleted, except the one an alert refers to
    assertThat(run.journalRowsDeleted()).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM device_event")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM device_event WHERE id = ?", alerted)).isEqualTo(1);
  }

  @Test
  void givenTheDefaultOptions_whenMaintenanceRunsNow_thenNothingIsDroppedAndTheJournalIsKept() throws Exception {
    project(List.of(event("VITALS", Instant.now(), "{\"heartRate\":70}")));
    markProcessed();
    SeriesMaintenance.Run run = new SeriesMaintenance(db, Clock.systemUTC(), SeriesOptions.DEFAULT).runOnce();
    assertThat(run.dropped()).isEmpty();
    assertThat(run.journalRowsDeleted()).isZero();
    assertThat(count("SELECT count(*) FROM reading_vitals")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM device_event")).isEqualTo(1);
  }

  private long event(String kind, Instant at, String fields) throws Exception {
    String msgId = "s-" + (++seq);
    String payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + at + "\"," + fields.substring(1);
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes, received_at,"
            + " payload) VALUES ('radar-series', ?, ?, ?, 480, now(), ?::jsonb) RETURNING id")) {
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

  private void project(List<Long> ids) throws Exception {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      new ReadingProjection(SeriesLayout.NATIVE).project(c, ids);
      c.commit();
    }
  }

  private void markProcessed() throws Exception {
    TestRegistry.count(db, "WITH u AS (UPDATE device_event SET processed_at = now() RETURNING 1) SELECT count(*) FROM u");
  }

  private List<Integer> heartRates() throws Exception {
    List<Integer> rates = new ArrayList<>();
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT heart_rate FROM reading_vitals ORDER BY event_time"); ResultSet r = s.executeQuery()) {
      while (r.next()) {
        rates.add(r.getInt(1));
      }
    }
    return rates;
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

  private long count(String sql, Object... args) throws Exception {
    return TestRegistry.count(db, sql, args);
  }
}
