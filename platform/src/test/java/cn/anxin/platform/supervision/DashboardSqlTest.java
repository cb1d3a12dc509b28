package cn.anxin.platform.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.anxin.platform.supervision.Dashboards.Query;
import cn.anxin.platform.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Grafana panel's SQL, and every variable's, as Grafana would send it, against the real
 * schema filled with a simulated month: it runs, it finds rows, and the rows have the shape the
 * panel needs (a time series starts with a {@code time} column; every panel but a table has a
 * number to draw).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSqlTest {

  private static final Set<Integer> NUMBERS = Set.of(Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.NUMERIC,
      Types.DOUBLE, Types.REAL, Types.DECIMAL);
  private static final String READER = "dashboard_test_reader";
  private HikariDataSource db;
  private SimulatedMonth month;
  private Map<String, List<String>> everything;

  @BeforeAll
  void simulate() throws Exception {
    db = TestDatabases.fresh();
    month = new SimulatedMonth(db, YearMonth.of(2026, 10), 20261001L).live();
    everything = Map.of("county", SimulatedMonth.COUNTIES,
        "site", month.siteIds.stream().map(String::valueOf).toList());
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + READER + "') THEN"
          + " CREATE ROLE " + READER + " NOLOGIN; END IF; END $$");
      s.execute("SELECT anxin_grant_dashboard_reader('" + READER + "')");
    }
  }

  /**
   * Runs a query as the dashboards' database role, with only what V20__dashboard_reader.sql grants,
   * in a transaction that is rolled back when the connection goes back to the pool (role and all).
   */
  private static ResultSet asReader(Statement s, String sql) throws Exception {
    s.getConnection().setAutoCommit(false);
    s.execute("SET LOCAL ROLE " + READER);
    return s.executeQuery(sql);
  }

  @AfterAll
  void close() {
    db.close();
  }

  static Stream<Query> panels() throws Exception {
    List<Query> panels = Dashboards.panelQueries();
    assertThat(panels).hasSizeGreaterThanOrEqualTo(20);
    return panels.stream();
  }

  static Stream<Query> variables() throws Exception {
    return Dashboards.variableQueries().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("panels")
  void givenASimulatedMonth_whenAPanelQueryRunsForAllCounties_thenItReturnsRowsOfTheRightShape(Query q)
      throws Exception {
    String sql = Dashboards.expand(q.sql(), month.start().toString(), month.end().toString(), everything);
    assertThat(sql).doesNotContain("$").doesNotContain("time_bucket");
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = asReader(s, sql)) {
      ResultSetMetaData meta = r.getMetaData();
      List<Integer> numeric = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        if (NUMBERS.contains(meta.getColumnType(i))) {
          numeric.add(i);
        }
      }
      if ("time_series".equals(q.format())) {
        assertThat(meta.getColumnLabel(1)).as("the time column of %s", q).isEqualTo("time");
        assertThat(meta.getColumnType(1)).as("%s", q).isIn(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE);
      }
      if (!"table".equals(q.type())) {
        assertThat(numeric).as("a number to draw in %s", q).isNotEmpty();
      }
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(r.getObject(i));
        }
        rows.add(row);
      }
    }
    assertThat(rows).as("rows of %s", q).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("panels")
  void givenOneCounty_whenAPanelQueryRuns_thenItStillRuns(Query q) throws Exception {
    String sql = Dashboards.expand(q.sql(), month.start().toString(), month.end().toString(),
        Map.of("county", List.of(SimulatedMonth.COUNTIES.get(1)), "site", List.of(String.valueOf(month.siteIds.get(0)))));
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = asReader(s, sql)) {
      assertThat(r.getMetaData().getColumnCount()).isPositive();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SELECT name FROM elder", "SELECT lon FROM elder_registered", "SELECT secret_hash FROM device",
      "SELECT payload FROM device_event", "SELECT name FROM site", "SELECT password_hash FROM account",
      "SELECT closing_note FROM alert", "SELECT findings FROM care_visit", "SELECT phone FROM elder_contact",
      "SELECT elder_ids FROM access_audit", "SELECT credential_last4 FROM meal_record", "SELECT lat FROM reading_location"})
  void givenTheDashboardRole_whenItAsksForPersonalData_thenPostgresRefuses(String sql) throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> asReader(s, sql)).isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @org.junit.jupiter.api.Test
  void givenAHomeSite_whenTheDashboardRoleListsSites_thenTheHomeIsNamedByItsCountyNotItsElder() throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO site (code, name, kind, area_code) VALUES ('H-DASH', '张桂英家', 'HOME', '532301001001')");
      try (ResultSet r = asReader(s, "SELECT name FROM dashboard_site WHERE kind = 'HOME'")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("居家（532301）");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variables")
  void givenASimulatedMonth_whenAVariableQueryRuns_thenItOffersValues(Query q) throws Exception {
    String sql = Dashboards.expand(q.sql(), month.start().toString(), month.end().toString(), everything);
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = asReader(s, sql)) {
      assertThat(r.getMetaData().getColumnLabel(1)).isEqualTo("__text");
      assertThat(r.getMetaData().getColumnLabel(2)).isEqualTo("__value");
      assertThat(r.next()).as("values of %s", q).isTrue();
    }
  }
}
