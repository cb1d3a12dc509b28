package cn.anxin.platform.store.series;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TimescaleDB layout's SQL, checked where TimescaleDB cannot run: its hourly aggregates,
 * computed here as plain tables with {@code date_bin} in place of {@code time_bucket}, and its
 * {@code reading_hourly} view over them, which must replace the native view (same columns and
 * types) and give the same figures as the rollups the platform keeps on the native layout.
 */
class TimescaleViewsOnPostgresTest {

  private HikariDataSource db;
  private long seq;

  @BeforeEach
  void fresh() throws Exception {
    db = TestDatabases.fresh();
    TestRegistry.elderWithRadar(db, "孙秀珍", "radar-views", "secret");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void givenReadingsOfEveryMetric_whenTheTimescaleViewReplacesTheNativeOne_thenItAnswersTheSame() throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    List<Long> ids = new ArrayList<>();
    for (int h = 0; h < 3; h++) {
      Instant at = hour.plus(h, ChronoUnit.HOURS);
      ids.add(event("VITALS", at.plusSeconds(60), "{\"heartRate\":" + (60 + h) + ",\"breathingRate\":16}"));
      ids.add(event("VITALS", at.plusSeconds(120), "{\"heartRate\":" + (80 + h) + "}"));
      ids.add(event("PRESENCE", at.plusSeconds(130), "{\"present\":" + (h % 2 == 0) + "}"));
      ids.add(event("DWELL", at.plusSeconds(140), "{\"seconds\":" + (600 * (h + 1)) + "}"));
      ids.add(event("BED_STATE", at.plusSeconds(150), "{\"state\":\"out\"}"));
      ids.add(event("WATER_READING", at.plusSeconds(160), "{\"intervalMinutes\":15,\"volumeL\":2.5,\"registerL\":10}"));
      ids.add(event("ELECTRICITY_READING", at.plusSeconds(170), "{\"intervalMinutes\":15,\"energyWh\":40,\"registerWh\":10}"));
      ids.add(event("LOCATION", at.plusSeconds(180), "{\"lat\":25,\"lon\":102,\"accuracyM\":" + (5 + h) + ",\"fix\":\"wifi\"}"));
      ids.add(event("HEARTBEAT", at.plusSeconds(190), "{\"battery\":" + (90 - h) + "}"));
      ids.add(event("MEAL_SWIPE", at.plusSeconds(200), "{\"credential\":{\"type\":\"face\",\"id\":\"F\"},"
          + "\"mealType\":\"dinner\",\"priceFen\":1000,\"subsidyFen\":500,\"paidFen\":500,\"terminal\":\"T\"}"));
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      new ReadingProjection(SeriesLayout.NATIVE).project(c, ids);
      c.commit();
    }
    List<String> nativeAnswer = hourly();
    assertThat(nativeAnswer).hasSize(30);

    // WHEN the aggregates are built as TimescaleDB would (date_bin standing in for time_bucket)
    // and the view is replaced by the TimescaleDB layout's
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      for (SeriesTables.Table table : SeriesTables.ALL) {
        s.execute("CREATE TABLE " + table.hourly() + " AS " + TimescaleLayout.aggregateQuery(
            table, "date_bin('1 hour', event_time, TIMESTAMPTZ '2000-01-01 00:00:00+00')"));
      }
      s.execute(TimescaleLayout.hourlyView());
    }

    // THEN the same date_bin query gives the same rows
    assertThat(hourly()).containsExactlyElementsOf(nativeAnswer);
    assertThat(TimescaleLayout.hourlyView()).doesNotContain("time_bucket");
    assertThat(TimescaleLayout.statements(SeriesOptions.DEFAULT)).anySatisfy(sql ->
        assertThat(sql).contains("add_retention_policy('reading_vitals', INTERVAL '400 days')"));
  }

  private List<String> hourly() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT date_bin('1 hour', bucket, TIMESTAMPTZ '2000-01-01') AS hour, device_id, metric, samples,"
            + " round(min_value::numeric, 6), round(avg_value::numeric, 6), round(max_value::numeric, 6),"
            + " round(sum_value::numeric, 6), elder_id, site_id"
            + " FROM reading_hourly ORDER BY 1, 2, 3")) {
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
          row.append(r.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private long event(String kind, Instant at, String fields) throws Exception {
    String msgId = "tv-" + (++seq);
    String payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + at + "\"," + fields.substring(1);
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes, received_at,"
            + " payload) VALUES ('radar-views', ?, ?, ?, 480, now(), ?::jsonb) RETURNING id")) {
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
}
