package cn.anxin.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Grafana panel's SQL runs on the real schema and finds the data it is about. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSqlTest {

  private static final Path DASHBOARDS = Path.of("..", "dashboards", "json");
  private HikariDataSource db;

  @BeforeAll
  void seed() throws Exception {
    db = TestDatabases.fresh();
    long elder = TestRegistry.elderWithRadar(db, "张桂英", "radar-dash", "secret");
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
          + " received_at, payload) VALUES ('radar-dash', 'm1', 'FALL', now(), 480, now(),"
          + " '{\"msgId\":\"m1\",\"ts\":\"2026-11-29T00:00:00Z\"}')");
      s.execute("INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at,"
          + " cause_event_id, device_id) SELECT " + elder + ", 'FALL', 'P1', now(), now(), now(), id,"
          + " 'radar-dash' FROM device_event WHERE msg_id = 'm1'");
      s.execute("UPDATE device SET last_seen_at = now(), battery = 80 WHERE id = 'radar-dash'");
      // Readings for the readings dashboard, projected into the time-series store as processing does.
      s.execute("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
          + " received_at, payload) VALUES"
          + " ('radar-dash', 'r1', 'VITALS', now(), 480, now(), '{\"heartRate\":72,\"breathingRate\":16}'),"
          + " ('radar-dash', 'r2', 'WATER_READING', now(), 480, now(),"
          + " '{\"intervalMinutes\":15,\"volumeL\":3.5,\"registerL\":120}'),"
          + " ('radar-dash', 'r3', 'ELECTRICITY_READING', now(), 480, now(),"
          + " '{\"intervalMinutes\":15,\"energyWh\":90,\"registerWh\":5000}')");
      c.setAutoCommit(false);
      new cn.anxin.platform.store.series.ReadingProjection(cn.anxin.platform.store.series.SeriesLayout.NATIVE)
          .project(c, List.of(ids(s, "SELECT id FROM device_event WHERE msg_id LIKE 'r_' ORDER BY id")));
      c.commit();
    }
  }

  private static Long[] ids(Statement s, String sql) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids.toArray(Long[]::new);
  }

  @AfterAll
  void close() {
    db.close();
  }

  static Stream<String> panelQueries() throws Exception {
    List<String> queries = new ArrayList<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonArray panels = new JsonObject(Files.readString(file)).getJsonArray("panels");
        for (int i = 0; i < panels.size(); i++) {
          JsonArray targets = panels.getJsonObject(i).getJsonArray("targets");
          for (int t = 0; t < targets.size(); t++) {
            queries.add(targets.getJsonObject(t).getString("rawSql"));
          }
        }
      }
    }
    assertThat(queries).as("panels in %s", DASHBOARDS.toAbsolutePath()).isNotEmpty();
    return queries.stream();
  }

  @ParameterizedTest
  @MethodSource("panelQueries")
  void givenAFallAlertToday_whenAPanelQueryRuns_thenItReturnsRows(String rawSql) throws Exception {
    String sql = rawSql
        .replace("$__timeFrom()", "(now() - interval '1 day')")
        .replace("$__timeTo()", "(now() + interval '1 minute')");
    assertThat(sql).doesNotContain("$__").doesNotContain("time_bucket");
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).as("rows from %s", rawSql).isTrue();
    }
  }
}
