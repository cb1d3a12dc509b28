package cn.anxin.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/alerts/history} (open, closed or all alerts, filtered, a page at a time) and the
 * filters of {@code GET /api/alerts}, which stays a JSON array of open alerts.
 */
class AlertHistoryApiTest extends OnRunningStack {

  private final Instant now = Instant.now();
  private AlertFixtures fx;
  private long siteA;
  private long siteB;
  private long openFall;
  private long closedWater;
  private long oldClosed;
  private long otherOpen;
  private ApiClient staffA;
  private long elderA;
  private long elderB;

  /**
   * Site A: an open P1 fall raised 3 h ago, a closed P2 raised 2 h ago, a closed P3 raised 10 days ago.
   * Site B: an open P1 raised 1 h ago.
   */
  @BeforeAll
  void alerts() throws Exception {
    fx = new AlertFixtures(db);
    elderA = fx.elder("孙桂兰", "radar-hist-a");
    elderB = fx.elder("他中心老人", "radar-hist-b");
    siteA = fx.siteOf(elderA);
    siteB = fx.siteOf(elderB);
    openFall = raise(elderA, "radar-hist-a", "FALL", "P1", Duration.ofHours(3));
    closedWater = raise(elderA, "radar-hist-a", "WATER_24H", "P2", Duration.ofHours(2));
    oldClosed = raise(elderA, "radar-hist-a", "ROUTINE_DRIFT", "P3", Duration.ofDays(10));
    otherOpen = raise(elderB, "radar-hist-b", "FALL", "P1", Duration.ofHours(1));
    fx.status(closedWater, "RESOLVED");
    fx.status(oldClosed, "FALSE_ALARM");
    TestAccounts.create(db, "hist.staff", Role.STAFF, siteA);
    TestAccounts.family(db, "hist.family", elderA);
    staffA = stack.signIn("hist.staff");
  }

  @Test
  void givenAlertsOfTwoSites_whenStaffReadTheHistory_thenTheyGetTheirSitesAlertsNewestFirstWithTheTotal() throws Exception {
    String audited = "SELECT count(*) FROM access_audit a JOIN account acc ON acc.id = a.account_id"
        + " WHERE acc.username = 'hist.staff' AND a.action = 'ALERT_LIST' AND a.purpose = 'alert-handling'";
    long auditedBefore = fx.count(audited);

    JsonObject page = ok(staffA.get("/api/alerts/history"));

    assertThat(ids(page)).containsExactly(closedWater, openFall, oldClosed);
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(page.getInteger("limit")).isEqualTo(100);
    assertThat(page.getInteger("offset")).isZero();
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("RESOLVED");
    assertThat(fx.count(audited)).isEqualTo(auditedBefore + 1);
  }

  @Test
  void givenEachFilter_whenApplied_thenOnlyMatchingAlertsAreCountedAndListed() {
    assertThat(ids(ok(staffA.get("/api/alerts/history?status=open")))).containsExactly(openFall);
    assertThat(ids(ok(staffA.get("/api/alerts/history?status=closed")))).containsExactly(closedWater, oldClosed);
    assertThat(ids(ok(staffA.get("/api/alerts/history?status=all")))).containsExactly(closedWater, openFall, oldClosed);
    assertThat(ids(ok(staffA.get("/api/alerts/history?severity=P2,P3")))).containsExactly(closedWater, oldClosed);
    assertThat(ids(ok(staffA.get("/api/alerts/history?severity=P1&status=closed")))).isEmpty();
    assertThat(ids(ok(staffA.get("/api/alerts/history?from=" + now.minus(Duration.ofDays(1)))))).containsExactly(
        closedWater, openFall);
    assertThat(ids(ok(staffA.get("/api/alerts/history?from=" + now.minus(Duration.ofDays(11)) + "&to="
        + now.minus(Duration.ofHours(3)))))).as("to is exclusive").containsExactly(oldClosed);
    assertThat(ids(ok(staffA.get("/api/alerts/history?from=2000-01-01T00:00:00%2B08:00")))).hasSize(3);
    assertThat(ids(ok(staffA.get("/api/alerts/history?to=" + now.minus(Duration.ofDays(9))
        .atOffset(java.time.ZoneOffset.ofHours(8)).toString().replace("+", "%2B"))))).containsExactly(oldClosed);
    assertThat(ids(ok(staffA.get("/api/alerts/history?siteId=" + siteA)))).hasSize(3);
    assertThat(ok(staffA.get("/api/alerts/history?siteId=" + siteB)).getLong("total"))
        .as("another site stays out of scope").isZero();
    assertThat(ids(ok(stack.admin().get("/api/alerts/history?siteId=" + siteB)))).containsExactly(otherOpen);
    assertThat(ids(ok(stack.admin().get("/api/alerts/history?status=open&severity=P1"))))
        .containsExactly(otherOpen, openFall);
  }

  @Test
  void givenAnElder_whenTheHistoryIsFilteredByThatElder_thenOnlyTheirAlertsComeAndAnotherCentresElderGivesNone() {
    assertThat(ids(ok(staffA.get("/api/alerts/history?elderId=" + elderA))))
        .containsExactly(closedWater, openFall, oldClosed);
    assertThat(ok(staffA.get("/api/alerts/history?elderId=" + elderB)).getLong("total")).isZero();
    assertThat(ids(ok(stack.admin().get("/api/alerts/history?elderId=" + elderB)))).containsExactly(otherOpen);
  }

  @Test
  void givenAPage_whenLimitAndOffsetAreGiven_thenThatPageComesWithTheTotalOfAll() {
    JsonObject page = ok(staffA.get("/api/alerts/history?limit=1&offset=1"));

    assertThat(ids(page)).containsExactly(openFall);
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(ok(staffA.get("/api/alerts/history?limit=2&offset=3")).getJsonArray("items")).isEmpty();
  }

  @Test
  void givenAFamilyMember_whenReadingTheHistory_thenOnlyTheirElderAlertsAppear() {
    JsonObject page = ok(stack.signIn("hist.family").get("/api/alerts/history"));

    assertThat(ids(page)).containsExactly(closedWater, openFall, oldClosed);
    assertThat(page.encode()).doesNotContain("他中心老人");
  }

  @Test
  void givenBadFilters_whenSent_thenFieldLevel400s() {
    Answer range = staffA.get("/api/alerts/history?from=" + now + "&to=" + now.minusSeconds(1));
    Answer status = staffA.get("/api/alerts/history?status=pending");
    Answer severity = staffA.get("/api/alerts/history?severity=P9");
    Answer limit = staffA.get("/api/alerts/history?limit=0");
    Answer date = staffA.get("/api/alerts/history?from=yesterday");

    assertThat(range.status()).isEqualTo(400);
    assertThat(range.json().getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("alert.history-range");
    assertThat(range.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/query/to");
    for (Answer a : List.of(status, severity, limit, date)) {
      assertThat(a.status()).as(a.body()).isEqualTo(400);
      assertThat(a.isProblem()).isTrue();
    }
  }

  @Test
  void givenTheOpenAlertsList_whenFilteredOrNot_thenItStaysAJsonArrayOfOpenAlertsOnly() {
    Answer all = staffA.get("/api/alerts");
    Answer p2 = staffA.get("/api/alerts?severity=P2");
    Answer bySite = stack.admin().get("/api/alerts?siteId=" + siteB);
    Answer p1 = stack.admin().get("/api/alerts?severity=P1,P2");

    assertThat(all.status()).isEqualTo(200);
    assertThat(ids(all.array())).containsExactly(openFall);
    assertThat(all.array().getJsonObject(0).getValue("acknowledgedAt")).isNull();
    assertThat(ids(p2.array())).as("the P2 is closed").isEmpty();
    assertThat(ids(bySite.array())).containsExactly(otherOpen);
    assertThat(ids(p1.array())).containsExactly(otherOpen, openFall);
    assertThat(staffA.get("/api/alerts?severity=P5").status()).isEqualTo(400);
  }

  private long raise(long elder, String device, String rule, String severity, Duration ago) throws Exception {
    Instant at = now.minus(ago);
    return fx.raise(elder, rule, severity, device, fx.fall(device, at), at, at).alertId();
  }

  private static JsonObject ok(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static List<Long> ids(JsonObject page) {
    return ids(page.getJsonArray("items"));
  }

  private static List<Long> ids(JsonArray items) {
    List<Long> ids = new ArrayList<>();
    items.forEach(i -> ids.add(((JsonObject) i).getLong("id")));
    return ids;
  }
}
