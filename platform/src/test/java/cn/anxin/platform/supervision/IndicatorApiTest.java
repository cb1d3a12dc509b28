package cn.anxin.platform.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The supervision figures over HTTP: the bureau reads them, per area and month, in either language. */
class IndicatorApiTest extends OnRunningStack {

  private static final String AREA = "532301";
  private static final YearMonth THIS_MONTH = YearMonth.now(ZoneId.of("Asia/Shanghai"));

  @BeforeAll
  void registry() throws Exception {
    SupervisionFixture f = new SupervisionFixture(db);
    long dayCare = f.site("DAY_CARE", AREA + "001001", 101.546, 25.033);
    f.site("COMMUNITY", AREA + "002003", 101.60, 25.10);
    f.site("INSTITUTION", "532322100200", 101.40, 24.90, 200, 100);
    long near = f.elder(dayCare, AREA + "001001", 101.546, 25.0375, "ALONE");
    long far = f.elder(dayCare, AREA + "001002", 101.546, 25.060, "ALONE");
    f.elder(dayCare, "532322100200", 101.40, 24.90, "IN_INSTITUTION");
    String radar = f.device("FALL_RADAR", near, dayCare, true, Instant.now());
    Instant early = THIS_MONTH.atDay(2).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();
    f.alert(near, radar, "FALL", "P1", early, Duration.ofSeconds(20), Duration.ofMinutes(12), Duration.ofMinutes(30),
        "RESOLVED", "REAL_EVENT");
    f.alert(far, radar, "SOS", "P1", early.plusSeconds(3600), Duration.ofSeconds(100), null, Duration.ofMinutes(3),
        "FALSE_ALARM", "FALSE_ALARM_DEVICE");
    f.consent(near, "NOTIFY_FAMILY", true);
    TestAccounts.create(db, "ind.bureau", Role.BUREAU);
    TestAccounts.create(db, "ind.staff", Role.STAFF, dayCare);
  }

  @Test
  void givenACountyWithTwoP1s_whenTheBureauReadsItsFigures_thenEachAgreesWithItsView() {
    Answer answer = stack.signIn("ind.bureau").get("/api/indicators?area=" + AREA);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject body = answer.json();
    assertThat(body.getString("month")).isEqualTo(THIS_MONTH.toString());
    JsonObject coverage = figure(body, "daycareCoverage");
    assertThat(coverage.getString("name")).isEqualTo("日间照料中心社区覆盖率");
    assertThat(coverage.getLong("numerator")).isEqualTo(1);
    assertThat(coverage.getLong("denominator")).isEqualTo(3);
    assertThat(coverage.getDouble("value")).isEqualTo(0.3333);
    assertThat(coverage.getDouble("target")).isEqualTo(0.9);
    assertThat(figure(body, "serviceCircle").getDouble("value")).as("one of two elders within 1 km").isEqualTo(0.5);
    assertThat(figure(body, "p1Acknowledged60s").getDouble("value")).isEqualTo(0.5);
    assertThat(figure(body, "p1MedianAckSeconds").getDouble("value")).isEqualTo(60.0);
    assertThat(figure(body, "falseAlarmRatio").getDouble("value")).isEqualTo(0.5);
    assertThat(figure(body, "rescues").getLong("value")).isEqualTo(1);
    assertThat(figure(body, "alertsPer100Elders").getDouble("value")).isEqualTo(100.0);
    assertThat(figure(body, "familyConsent").getDouble("value")).isEqualTo(0.5);
    assertThat(figure(body, "nursingBedShare").getValue("value")).as("no institution in this county").isNull();

    JsonObject everywhere = stack.signIn("ind.bureau").get("/api/indicators").json();
    assertThat(figure(everywhere, "nursingBedShare").getDouble("value")).isEqualTo(0.5);
  }

  @Test
  void givenAnotherMonth_whenTheFiguresAreAsked_thenMonthlyFiguresHaveNothingToCount() {
    JsonObject body = stack.signIn("ind.bureau").get("/api/indicators?area=" + AREA + "&month=2020-01").json();
    assertThat(figure(body, "p1Acknowledged60s").getValue("value")).isNull();
    assertThat(figure(body, "rescues").getLong("value")).isZero();
    assertThat(figure(body, "daycareCoverage").getDouble("value")).as("coverage is of today").isEqualTo(0.3333);
  }

  @Test
  void givenEnglish_whenTheFiguresAreAsked_thenNamesAndDefinitionsAreEnglish() {
    JsonObject body = stack.signIn("ind.bureau").inLanguage("en").get("/api/indicators").json();
    assertThat(figure(body, "nursingBedShare").getString("name")).isEqualTo("Nursing-type bed share");
    assertThat(figure(body, "nursingBedShare").getString("definition")).contains("55%");
  }

  @Test
  void givenAView_whenItsRowsAreAsked_thenTheyAreFilteredByAreaAndMonth() {
    Answer answer = stack.signIn("ind.bureau")
        .get("/api/indicators/indicator_response?area=" + AREA + "&month=" + THIS_MONTH);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonArray rows = answer.json().getJsonArray("rows");
    assertThat(rows).hasSize(1);
    assertThat(rows.getJsonObject(0).getLong("alerts")).isEqualTo(2);
    assertThat(rows.getJsonObject(0).getString("month")).isEqualTo(THIS_MONTH.atDay(1).toString());
    JsonArray institutions = stack.signIn("ind.bureau").get("/api/indicators/indicator_institution?area=5323")
        .json().getJsonArray("rows");
    assertThat(institutions).hasSize(1);
    assertThat(institutions.getJsonObject(0).getDouble("nursing_bed_share")).isEqualTo(0.5);
  }

  @Test
  void givenBadInputOrAnotherRole_whenTheFiguresAreAsked_thenTheAnswerSaysWhy() {
    Answer month = stack.signIn("ind.bureau").get("/api/indicators?month=2026-13");
    assertThat(month.status()).isEqualTo(400);
    assertThat(month.body()).contains("/query/month");
    Answer view = stack.signIn("ind.bureau").get("/api/indicators/elder");
    assertThat(view.status()).isEqualTo(400);
    assertThat(view.body()).contains("/path/view");
    assertThat(stack.signIn("ind.staff").get("/api/indicators").status()).isEqualTo(403);
  }

  private static JsonObject figure(JsonObject body, String code) {
    return body.getJsonArray("figures").stream().map(JsonObject.class::cast)
        .filter(f -> code.equals(f.getString("code"))).findFirst()
        .orElseThrow(() -> new AssertionError("no figure " + code + " in " + body));
  }
}
