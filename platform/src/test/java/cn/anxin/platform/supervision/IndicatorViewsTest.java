package cn.anxin.platform.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each indicator view against a small registry whose answers can be worked out by hand: two
 * counties, three communities, a day-care centre, an institution, elders inside and outside the
 * service circle, one deceased, devices online and not, and a month of three P1 alerts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndicatorViewsTest {

  private static final String COUNTY = "532301";
  private static final String OTHER_COUNTY = "532322";
  private static final double CENTRE_LON = 101.5460;
  private static final double CENTRE_LAT = 25.0330;
  private static final Instant OCTOBER = Instant.parse("2026-10-05T02:00:00Z");
  private static final java.time.YearMonth THIS_MONTH = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai"));

  private HikariDataSource db;
  private long elderNear;
  private long elderFar;

  @BeforeAll
  void registry() throws Exception {
    db = TestDatabases.fresh();
    SupervisionFixture f = new SupervisionFixture(db);
    long dayCare = f.site("DAY_CARE", COUNTY + "001001", CENTRE_LON, CENTRE_LAT);
    f.site("COMMUNITY", COUNTY + "002003", 101.60, 25.10);
    long closedStation = f.site("MEAL_STATION", COUNTY + "001002", CENTRE_LON, CENTRE_LAT + 0.018);
    execute("UPDATE site SET active = false WHERE id = " + closedStation);

    elderNear = f.elder(dayCare, COUNTY + "001001", CENTRE_LON, CENTRE_LAT + 0.0045, "ALONE");
    elderFar = f.elder(dayCare, COUNTY + "001002", CENTRE_LON, CENTRE_LAT + 0.018, "WITH_FAMILY", "EXTREME_POVERTY");
    long unplaced = f.elder(dayCare, COUNTY + "001001", null, null, "WITH_FAMILY", "DISABLED");
    long deceased = f.elder(dayCare, COUNTY + "001001", CENTRE_LON, CENTRE_LAT, "ALONE", "DISABLED");
    f.status(deceased, "DECEASED", LocalDate.of(2026, 1, 3));
    f.status(elderFar, "HOSPITAL", LocalDate.of(2026, 1, 3));

    String radar = f.device("FALL_RADAR", elderNear, dayCare, true, Instant.now());
    f.device("WATER_METER", elderFar, dayCare, false, Instant.now().minus(2, ChronoUnit.HOURS));
    f.device("ELECTRICITY_METER", elderFar, dayCare, false, Instant.now().minus(30, ChronoUnit.HOURS));
    String unplugged = f.device("FALL_RADAR", unplaced, dayCare, false, null);
    execute("UPDATE device SET enabled = false WHERE id = '" + unplugged + "'");
    f.device("FALL_RADAR", deceased, dayCare, true, Instant.now());
    execute("UPDATE device SET enabled = false WHERE elder_id = " + deceased);

    f.alert(elderNear, radar, "FALL", "P1", OCTOBER, Duration.ofSeconds(30), Duration.ofMinutes(15),
        Duration.ofMinutes(40), "RESOLVED", "REAL_EVENT");
    f.alert(elderNear, radar, "SUSPECTED_FALL", "P1", OCTOBER.plus(1, ChronoUnit.DAYS), Duration.ofSeconds(90), null,
        Duration.ofMinutes(5), "FALSE_ALARM", "FALSE_ALARM_DEVICE");
    f.alert(elderNear, radar, "SOS", "P1", OCTOBER.plus(2, ChronoUnit.DAYS), null, null, null, null, null);

    long institution = f.site("INSTITUTION", OTHER_COUNTY + "100200", 101.40, 24.90, 100, 60);
    long resident = f.elder(institution, OTHER_COUNTY + "100200", 101.40, 24.90, "IN_INSTITUTION");
    f.assessment(resident, 40, LocalDate.of(2025, 6, 1), LocalDate.of(2026, 6, 1));
    f.account("STAFF", institution);
    f.account("FAMILY", institution);

    long visitor = f.account("STAFF", dayCare);
    execute("UPDATE elder SET risk_tier = 'HIGH' WHERE id = " + elderNear);
    execute("UPDATE elder SET risk_tier = 'KEY' WHERE id = " + elderFar);
    Instant thisMonth = THIS_MONTH.atDay(1).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
    for (int i = 0; i < 4; i++) {
      f.insert("INSERT INTO care_visit (elder_id, visitor_id, mode, visited_at, findings, recorded_by, recorded_at)"
          + " VALUES (?, ?, 'HOME_VISIT', ?, '好', ?, now()) RETURNING id", elderNear, visitor,
          java.sql.Timestamp.from(thisMonth.plus(i, ChronoUnit.HOURS)), visitor);
    }

    long station = f.site("MEAL_STATION", COUNTY + "001001", CENTRE_LON, CENTRE_LAT);
    String reader = f.device("MEAL_READER", null, station, true, Instant.now());
    int swipe = 0;
    for (Object[] meal : new Object[][] {{elderNear, 1, 0}, {elderFar, 1, 500}, {elderFar, 2, 500}}) {
      java.sql.Timestamp at = java.sql.Timestamp.from(OCTOBER.plus((Integer) meal[1], ChronoUnit.DAYS));
      long event = f.insert("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
          + " received_at, payload, processed_at) VALUES (?, ?, 'MEAL_SWIPE', ?, 480, ?, '{}', now()) RETURNING id",
          reader, "s" + (++swipe), at, at);
      long record = f.insert("INSERT INTO meal_record (event_id, device_id, station_site_id, terminal, served_at,"
          + " service_day, meal_type, credential_type, credential_last4, elder_id, price_fen, claimed_subsidy_fen,"
          + " paid_fen, subsidy_fen, outcome, recorded_at) VALUES (?, ?, ?, 'T', ?, ?, 'LUNCH', 'ELDER_CARD', '0001',"
          + " ?, 1200, ?, ?, ?, 'SUBSIDISED', now()) RETURNING id", event, reader, station, at,
          LocalDate.of(2026, 10, 5 + (Integer) meal[1]), meal[0], meal[2], 1200 - (Integer) meal[2], meal[2]);
      if (swipe == 3) {
        f.insert("INSERT INTO meal_flag (rule, reason, station_site_id, elder_id, meal_record_id, service_day,"
            + " raised_at) VALUES ('DUPLICATE_SUBSIDY', 'DAILY_LIMIT', ?, ?, ?, DATE '2026-10-07', now()) RETURNING id",
            station, meal[0], record);
      }
    }

    long otherStation = f.site("MEAL_STATION", OTHER_COUNTY + "100200", 101.40, 24.90);
    String otherReader = f.device("MEAL_READER", null, otherStation, true, Instant.now());
    long visitorDiner = f.elder(otherStation, OTHER_COUNTY + "100200", null, null, "ALONE");
    // Five service days in October: the resident eats on the last four, the visitor on the first two.
    for (int day = 20; day <= 24; day++) {
      for (long diner : new long[] {resident, visitorDiner}) {
        boolean eats = diner == resident ? day >= 21 : day <= 21;
        if (!eats) {
          continue;
        }
        java.sql.Timestamp at = java.sql.Timestamp.from(Instant.parse("2026-10-" + day + "T04:00:00Z"));
        long event = f.insert("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
            + " received_at, payload, processed_at) VALUES (?, ?, 'MEAL_SWIPE', ?, 480, ?, '{}', now()) RETURNING id",
            otherReader, "r" + diner + "-" + day, at, at);
        f.insert("INSERT INTO meal_record (event_id, device_id, station_site_id, terminal, served_at, service_day,"
            + " meal_type, credential_type, credential_last4, elder_id, price_fen, claimed_subsidy_fen, paid_fen,"
            + " subsidy_fen, outcome, recorded_at) VALUES (?, ?, ?, 'T', ?, ?, 'LUNCH', 'ELDER_CARD', '0002', ?,"
            + " 1000, 0, 1000, 0, 'NOT_SUBSIDISED', now()) RETURNING id", event, otherReader, otherStation, at,
            LocalDate.of(2026, 10, day), diner);
      }
    }

    f.consent(elderNear, "NOTIFY_FAMILY", true);
    f.consent(elderNear, "NOTIFY_FAMILY", false);
    f.consent(elderFar, "NOTIFY_FAMILY", true);
    f.audit("FAMILY", OCTOBER, elderNear);
    f.audit("FAMILY", OCTOBER.plus(3, ChronoUnit.DAYS), elderNear, elderFar);
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void givenThreeCommunitiesOneWithADayCareCentre_whenCoverageIsRead_thenItIsOneThird() throws Exception {
    Map<String, Object> row = row("SELECT * FROM indicator_daycare_coverage WHERE county_code = ?", COUNTY);
    assertThat(row).containsEntry("communities", 3L).containsEntry("covered", 1L);
    assertThat(decimal(row, "coverage")).isEqualByComparingTo("0.3333");
    assertThat(decimal(row, "target")).isEqualByComparingTo("0.90");
  }

  @Test
  void givenOneElderWithin1kmAndOneFarAndOneUnplaced_whenTheServiceCircleIsRead_thenOneOfThreeIsInside()
      throws Exception {
    Map<String, Object> row = row("SELECT * FROM indicator_service_circle WHERE county_code = ?", COUNTY);
    assertThat(row).containsEntry("elders", 3L).containsEntry("placed", 2L).containsEntry("within", 1L);
    assertThat(decimal(row, "share")).isEqualByComparingTo("0.3333");
    Map<String, Object> wider = row("SELECT * FROM service_circle(2500) WHERE county_code = ?", COUNTY);
    assertThat(wider).as("the closed meal station does not count, the day-care centre 2 km away does")
        .containsEntry("within", 2L);
  }

  @Test
  void givenPriorityGroups_whenMonitoringCoverageIsRead_thenOnlyEnabledDevicesOfLivingEldersCount() throws Exception {
    assertThat(share("indicator_monitoring_coverage", "priority_group", "ALONE", "coverage")).isEqualByComparingTo("1");
    assertThat(share("indicator_monitoring_coverage", "priority_group", "EXTREME_POVERTY", "coverage"))
        .isEqualByComparingTo("1");
    assertThat(share("indicator_monitoring_coverage", "priority_group", "DISABLED", "coverage"))
        .isEqualByComparingTo("0");
    Map<String, Object> any = row("SELECT * FROM indicator_monitoring_coverage WHERE county_code = ?"
        + " AND priority_group = 'ANY'", COUNTY);
    assertThat(any).containsEntry("elders", 3L).containsEntry("monitored", 2L);
  }

  @Test
  void givenMetersHeardFrom2hAnd30hAgo_whenTheOnlineRateIsRead_thenOnlyTheRecentOneIsOnline() throws Exception {
    assertThat(share("indicator_device_online", "device_kind", "FALL_RADAR", "online_rate")).isEqualByComparingTo("1");
    assertThat(share("indicator_device_online", "device_kind", "WATER_METER", "online_rate")).isEqualByComparingTo("1");
    assertThat(share("indicator_device_online", "device_kind", "ELECTRICITY_METER", "online_rate"))
        .isEqualByComparingTo("0");
  }

  @Test
  void givenThreeP1sAcknowledgedIn30sIn90sAndNever_whenResponseIsRead_thenOneThirdMetTheSla() throws Exception {
    Map<String, Object> row = row("SELECT county_code, sum(alerts) AS alerts, sum(acknowledged_60s) AS ack,"
        + " sum(closed) AS closed FROM indicator_response WHERE month = DATE '2026-10-01' AND severity = 'P1'"
        + " AND county_code = ? GROUP BY county_code", COUNTY);
    assertThat(decimal(row, "alerts")).isEqualByComparingTo("3");
    assertThat(decimal(row, "ack")).isEqualByComparingTo("1");
    assertThat(decimal(row, "closed")).isEqualByComparingTo("2");
    Map<String, Object> site = row("SELECT * FROM indicator_response WHERE month = DATE '2026-10-01'"
        + " AND severity = 'P1' AND county_code = ?", COUNTY);
    assertThat(decimal(site, "share_acknowledged_60s")).isEqualByComparingTo("0.3333");
    assertThat((Double) site.get("median_ack_seconds")).isEqualTo(60.0);
    assertThat((Double) site.get("p90_ack_seconds")).isEqualTo(84.0);
    assertThat((Double) site.get("median_arrive_seconds")).isEqualTo(900.0);
    assertThat(decimal(site, "closed_loop_rate")).isEqualByComparingTo("0.6667");
  }

  @Test
  void givenOneFalseAlarmAndOneRealEvent_whenQualityAndRatesAreRead_thenHalfWereFalseAndOneWasARescue()
      throws Exception {
    Map<String, Object> quality = row("SELECT * FROM indicator_alert_quality WHERE month = DATE '2026-10-01'"
        + " AND device_kind = ?", "FALL_RADAR");
    assertThat(quality).containsEntry("alerts", 3L).containsEntry("closed", 2L).containsEntry("false_alarms", 1L)
        .containsEntry("real_events", 1L);
    assertThat(decimal(quality, "false_alarm_ratio")).isEqualByComparingTo("0.5");
    Map<String, Object> rate = row("SELECT * FROM indicator_alert_rate WHERE month = DATE '2026-10-01'"
        + " AND county_code = ?", COUNTY);
    assertThat(rate).containsEntry("alerts", 3L).containsEntry("elders", 3L).containsEntry("confirmed_falls", 1L)
        .containsEntry("rescues", 1L);
    assertThat(decimal(rate, "alerts_per_100_elders")).isEqualByComparingTo("100");
  }

  @Test
  void givenAnInstitutionOf100BedsWithOneSevereResident_whenItIsRead_thenSharesAndOverdueReassessmentShow()
      throws Exception {
    Map<String, Object> row = row("SELECT * FROM indicator_institution WHERE county_code = ?", OTHER_COUNTY);
    assertThat(decimal(row, "nursing_bed_share")).isEqualByComparingTo("0.6");
    assertThat(decimal(row, "occupancy")).isEqualByComparingTo("0.01");
    assertThat(decimal(row, "caregivers_per_disabled_resident")).isEqualByComparingTo("1");
    assertThat(row).containsEntry("residents", 1L).containsEntry("caregivers", 1L)
        .containsEntry("disabled_residents", 1L).containsEntry("level_severe", 1L)
        .containsEntry("overdue_reassessments", 1L);
    Map<String, Object> beds = row("SELECT * FROM indicator_nursing_beds WHERE county_code = ?", OTHER_COUNTY);
    assertThat(decimal(beds, "nursing_bed_share")).isEqualByComparingTo("0.6");
    assertThat(decimal(beds, "target")).isEqualByComparingTo("0.55");
  }

  @Test
  void givenAConsentGrantedThenWithdrawn_whenConsentIsRead_thenTheLatestRecordCounts() throws Exception {
    Map<String, Object> row = row("SELECT * FROM indicator_consent WHERE county_code = ? AND purpose = 'NOTIFY_FAMILY'",
        COUNTY);
    assertThat(row).containsEntry("elders", 3L).containsEntry("consenting", 1L);
    Map<String, Object> reads = row("SELECT * FROM indicator_sensitive_reads WHERE month = DATE '2026-10-01'"
        + " AND role = ?", "FAMILY");
    assertThat(reads).containsEntry("reads", 2L).containsEntry("accounts", 0L);
    assertThat(decimal(reads, "elder_records")).isEqualByComparingTo("3");
  }

  @Test
  void givenAHighRiskElderVisitedFourTimesAndAKeyElderNever_whenTheVisitRateIsRead_thenOnlyTheFirstMetTheirTier()
      throws Exception {
    String month = "SELECT * FROM indicator_visit_rate WHERE month = DATE '" + THIS_MONTH.atDay(1) + "'"
        + " AND county_code = ? AND risk_tier = ";
    Map<String, Object> high = row(month + "'HIGH'", COUNTY);
    assertThat(high).containsEntry("elders", 1L).containsEntry("visited", 1L);
    Map<String, Object> key = row(month + "'KEY'", COUNTY);
    assertThat(key).containsEntry("elders", 1L).containsEntry("visited", 0L);
  }

  @Test
  void givenThreeMealsOnTwoDaysAndOneFlag_whenMealsAreRead_thenPriorityShareAndFlagRateFollow() throws Exception {
    Map<String, Object> row = row("SELECT * FROM indicator_meals WHERE month = DATE '2026-10-01' AND county_code = ?",
        COUNTY);
    assertThat(row).containsEntry("meals", 3L).containsEntry("diners", 2L).containsEntry("service_days", 2L)
        .containsEntry("priority_meals", 2L).containsEntry("flags", 1L);
    assertThat(decimal(row, "subsidy_fen")).isEqualByComparingTo("1000");
    assertThat(decimal(row, "meals_per_service_day")).isEqualByComparingTo("1.5");
    assertThat(decimal(row, "priority_share")).isEqualByComparingTo("0.6667");
    assertThat(decimal(row, "flags_per_1000_meals")).isEqualByComparingTo("333.33");
    assertThat(row).as("nobody ate on four of two service days").containsEntry("regular_diners", 0L);
    Map<String, Object> other = row("SELECT * FROM indicator_meals WHERE month = DATE '2026-10-01'"
        + " AND county_code = ?", OTHER_COUNTY);
    assertThat(other).as("the resident ate on four of the last five days, the visitor on two")
        .containsEntry("diners", 2L).containsEntry("regular_diners", 1L).containsEntry("service_days", 5L);
  }

  private BigDecimal share(String view, String keyColumn, String key, String column) throws SQLException {
    return decimal(row("SELECT * FROM " + view + " WHERE county_code = ? AND " + keyColumn + " = '" + key + "'",
        COUNTY), column);
  }

  private static BigDecimal decimal(Map<String, Object> row, String column) {
    Object value = row.get(column);
    assertThat(value).as(column).isNotNull();
    return new BigDecimal(value.toString());
  }

  private Map<String, Object> row(String sql, String arg) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as("a row from %s", sql).isTrue();
        ResultSetMetaData meta = r.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), r.getObject(i));
        }
        assertThat(r.next()).as("one row from %s", sql).isFalse();
        return row;
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
