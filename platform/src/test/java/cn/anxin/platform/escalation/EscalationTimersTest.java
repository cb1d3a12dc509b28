package cn.anxin.platform.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.MutableClock;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alerts escalate on their timers, over the whole stack on a clock the test moves: a P1 nobody
 * acknowledges in 60 s goes to the site's supervisors and the family, reminders repeat until someone
 * acknowledges, a P1 open after 30 min goes to the bureau; acting in time stops each step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscalationTimersTest {

  private HikariDataSource db;
  private RunningStack stack;
  private EscalationFixtures fixtures;
  private final MutableClock clock = new MutableClock();

  @BeforeAll
  void start() throws Exception {
    db = TestDatabases.fresh();
    stack = RunningStack.start(db, clock);
    fixtures = new EscalationFixtures(db);
  }

  @AfterAll
  void stop() throws Exception {
    stack.close();
    db.close();
  }

  @Test
  void givenAP3WhoseSeverityRisesToP2_whenTheTimersTurn_thenItIsPlannedAgainWithTheP2Targets() throws Exception {
    var elder = fixtures.elder("杨秀珍");
    fixtures.supervisor(elder, "sup.replan");
    Instant raised = clock.instant();
    long alert = fixtures.raise(elder, "MEAL_NO_SHOW", "P3", raised);
    advance(Duration.ofSeconds(1));
    assertThat(TestRegistry.count(db, "SELECT (thresholds ->> 'acknowledgeSeconds')::bigint FROM escalation_plan"
        + " WHERE alert_id = ?", alert)).as("P3: same day").isEqualTo(8 * 3600);

    try (Connection c = db.getConnection()) {
      assertThat(new cn.anxin.platform.alerts.AlertStore().raiseSeverity(c, elder.id(), "MEAL_NO_SHOW", "P2",
          clock.instant(), "corroborated by ELECTRICITY_INACTIVE", null)).contains(alert);
    }
    advance(Duration.ofSeconds(1));
    assertThat(TestRegistry.count(db, "SELECT (thresholds ->> 'acknowledgeSeconds')::bigint FROM escalation_plan"
        + " WHERE alert_id = ?", alert)).as("P2: 15 minutes").isEqualTo(15 * 60);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_timer WHERE alert_id = ? AND step = 'ACKNOWLEDGE'"
        + " AND fired_at IS NULL AND cancelled_at IS NULL AND due_at = ?", alert,
        Timestamp.from(raised.plusSeconds(15 * 60)))).isEqualTo(1);

    advance(Duration.ofMinutes(15));
    assertThat(fixtures.level(alert)).as("not acknowledged in the P2 target").isEqualTo(1);
  }

  @Test
  void givenAnUnacknowledgedP1_when60SecondsPass_thenItRisesToLevel1AndSupervisorsAndFamilyAreTold()
      throws Exception {
    var elder = fixtures.elder("张桂英");
    long supervisor = fixtures.supervisor(elder, "sup.level1");
    long contact = fixtures.familyContact(elder);
    List<String> pushed = openStream("sup.level1");
    Instant raised = clock.instant();
    long alert = fixtures.raise(elder, "FALL", "P1", raised);

    advance(Duration.ofSeconds(59));
    assertThat(fixtures.level(alert)).isZero();
    assertThat(fixtures.escalations(alert, "SUPERVISOR")).isZero();

    advance(Duration.ofSeconds(1));
    assertThat(fixtures.level(alert)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert_escalation WHERE alert_id = ? AND kind = 'SUPERVISOR'"
        + " AND level = 1 AND at = ?", alert, Timestamp.from(raised.plusSeconds(60)))).isEqualTo(1);
    assertThat(fixtures.messages(alert)).containsExactly(
        "ALERT_ESCALATED:a" + supervisor + ":SMS",
        "ALERT_ESCALATED:a" + supervisor + ":EMAIL",
        "ALERT_ESCALATED:c" + contact + ":SMS");
    assertThat(fixtures.breaches(alert, "ACKNOWLEDGE")).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT target_seconds FROM sla_breach WHERE alert_id = ?", alert))
        .isEqualTo(60);

    JsonObject timeline = stack.admin().get("/api/alerts/" + alert + "/timeline").json();
    JsonObject entry = entries(timeline, "ESCALATION").getJsonObject(0);
    assertThat(entry.getString("at")).isEqualTo(raised.plusSeconds(60).toString());
    assertThat(entry.getString("kind")).isEqualTo("SUPERVISOR");
    assertThat(entry.getInteger("level")).isEqualTo(1);
    assertThat(entries(timeline, "NOTIFICATION").stream().map(o -> ((JsonObject) o).getJsonObject("recipient")
        .getString("type")).toList()).contains("ACCOUNT", "CONTACT");
    assertThat(stack.admin().get("/api/alerts/" + alert).json().getInteger("escalationLevel")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> pushed.stream()
        .anyMatch(line -> line.contains("\"id\":" + alert + ",") && line.contains("\"escalationLevel\":1")));
  }

  @Test
  void givenAnEscalatedP1_whenNobodyAcknowledges_thenRemindersRepeatUntilSomeoneDoesAndThenStop() throws Exception {
    var elder = fixtures.elder("王秀兰");
    long supervisor = fixtures.supervisor(elder, "sup.remind");
    fixtures.staff(elder, "staff.remind");
    long contact = fixtures.familyContact(elder);
    long alert = fixtures.raise(elder, "SOS", "P1", clock.instant());
    advance(Duration.ofSeconds(60));

    advance(Duration.ofSeconds(120));
    assertThat(fixtures.escalations(alert, "REMINDER")).isEqualTo(1);
    advance(Duration.ofSeconds(120));
    assertThat(fixtures.escalations(alert, "REMINDER")).isEqualTo(2);
    assertThat(fixtures.messages(alert)).filteredOn(m -> m.startsWith("ALERT_REMINDER"))
        .containsExactly("ALERT_REMINDER:a" + supervisor + ":SMS", "ALERT_REMINDER:a" + supervisor + ":EMAIL",
            "ALERT_REMINDER:a" + supervisor + ":SMS", "ALERT_REMINDER:a" + supervisor + ":EMAIL")
        .noneMatch(m -> m.contains(":c" + contact + ":"));

    advance(Duration.ofSeconds(30));
    assertThat(acknowledge("staff.remind", alert).status()).isEqualTo(200);
    advance(Duration.ofSeconds(600));

    assertThat(fixtures.escalations(alert, "REMINDER")).isEqualTo(2);
    assertThat(fixtures.level(alert)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_timer WHERE alert_id = ? AND step = 'REMIND'"
        + " AND (cancelled_at IS NOT NULL OR outcome LIKE 'acknowledged%')", alert)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_timer WHERE alert_id = ? AND step = 'REMIND'"
        + " AND fired_at IS NULL AND cancelled_at IS NULL", alert)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM sla_breach WHERE alert_id = ? AND sla = 'ACKNOWLEDGE'"
        + " AND met_at IS NOT NULL", alert)).isEqualTo(1);
  }

  @Test
  void givenAP1AcknowledgedWithin60Seconds_whenTheMinutePasses_thenNothingEscalatesAndNoBreachIsRecorded()
      throws Exception {
    var elder = fixtures.elder("赵淑珍");
    fixtures.supervisor(elder, "sup.intime");
    fixtures.staff(elder, "staff.intime");
    long alert = fixtures.raise(elder, "FALL", "P1", clock.instant());
    advance(Duration.ofSeconds(30));
    assertThat(acknowledge("staff.intime", alert).status()).isEqualTo(200);

    advance(Duration.ofSeconds(31));
    advance(Duration.ofMinutes(5));

    assertThat(fixtures.level(alert)).isZero();
    assertThat(fixtures.messages(alert)).isEmpty();
    assertThat(fixtures.breaches(alert, "ACKNOWLEDGE")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_timer WHERE alert_id = ?"
        + " AND step = 'ACKNOWLEDGE' AND (cancelled_at IS NOT NULL OR outcome = 'acknowledged in time')", alert))
        .isEqualTo(1);
  }

  @Test
  void givenAP1StillOpenAfter30Minutes_whenTheTimerFires_thenItRisesToLevel2AndTheBureauIsTold() throws Exception {
    var elder = fixtures.elder("孙玉梅");
    fixtures.staff(elder, "staff.bureau");
    long bureau = fixtures.bureau("bureau.command");
    JsonObject policy = new JsonObject().put("bureauEmails", new JsonArray().add("command@mzj.example.gov.cn"));
    assertThat(stack.admin().put("/api/sites/" + elder.siteId() + "/escalation",
        new JsonObject().put("policy", policy)).status()).isEqualTo(200);
    Instant raised = clock.instant();
    long alert = fixtures.raise(elder, "FALL", "P1", raised);
    advance(Duration.ofSeconds(20));
    acknowledge("staff.bureau", alert);

    advance(Duration.ofSeconds(1779));
    assertThat(fixtures.level(alert)).isZero();
    advance(Duration.ofSeconds(1));

    assertThat(fixtures.level(alert)).isEqualTo(2);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert_escalation WHERE alert_id = ? AND kind = 'BUREAU'"
        + " AND level = 2 AND at = ?", alert, Timestamp.from(raised.plusSeconds(1800)))).isEqualTo(1);
    assertThat(fixtures.messages(alert)).contains(
        "ALERT_BUREAU:a" + bureau + ":SMS", "ALERT_BUREAU:a" + bureau + ":EMAIL",
        "ALERT_BUREAU:b:command@mzj.example.gov.cn:EMAIL");
    assertThat(fixtures.breaches(alert, "RESOLVE")).isEqualTo(1);
    assertThat(fixtures.breaches(alert, "ACKNOWLEDGE")).isZero();
    // The bureau account has no phone: its SMS row is recorded as skipped, so the gap shows.
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE alert_id = ? AND account_id = ?"
        + " AND channel = 'SMS' AND status = 'SKIPPED' AND skip_reason = 'NO_ADDRESS'", alert, bureau)).isEqualTo(1);
  }

  @Test
  void givenAP1ResolvedWithin30Minutes_whenTheHalfHourPasses_thenTheBureauIsNotTold() throws Exception {
    var elder = fixtures.elder("周桂兰");
    fixtures.staff(elder, "staff.resolve");
    fixtures.bureau("bureau.quiet");
    long alert = fixtures.raise(elder, "FALL", "P1", clock.instant());
    advance(Duration.ofSeconds(15));
    acknowledge("staff.resolve", alert);
    advance(Duration.ofMinutes(10));
    assertThat(stack.signIn("staff.resolve").post("/api/alerts/" + alert + "/transitions", new JsonObject()
        .put("to", "RESOLVED").put("expectedStatus", "ACKNOWLEDGED").put("disposition", "REAL_EVENT"))
        .status()).isEqualTo(200);

    advance(Duration.ofMinutes(25));

    assertThat(fixtures.level(alert)).isZero();
    assertThat(fixtures.messages(alert)).isEmpty();
    assertThat(fixtures.breaches(alert, "RESOLVE")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_timer WHERE alert_id = ? AND step = 'RESOLVE'"
        + " AND (cancelled_at IS NOT NULL OR outcome = 'closed in time')", alert)).isEqualTo(1);
  }

  @Test
  void givenASiteWithLongerThresholds_whenItsP1WaitsPastTheDefault_thenItEscalatesAtTheSitesOwnTime()
      throws Exception {
    var slow = fixtures.elder("钱老人");
    var standard = fixtures.elder("吴老人");
    fixtures.supervisor(slow, "sup.slow");
    JsonObject policy = new JsonObject().put("severities", new JsonObject()
        .put("P1", new JsonObject().put("acknowledgeSeconds", 90).put("reminderSeconds", null)));
    assertThat(stack.admin().put("/api/sites/" + slow.siteId() + "/escalation",
        new JsonObject().put("policy", policy).put("comment", "夜班")).status()).isEqualTo(200);
    long slowAlert = fixtures.raise(slow, "FALL", "P1", clock.instant());
    long standardAlert = fixtures.raise(standard, "FALL", "P1", clock.instant());

    advance(Duration.ofSeconds(60));
    assertThat(fixtures.level(standardAlert)).isEqualTo(1);
    assertThat(fixtures.level(slowAlert)).isZero();
    advance(Duration.ofSeconds(29));
    assertThat(fixtures.level(slowAlert)).isZero();
    advance(Duration.ofSeconds(1));
    assertThat(fixtures.level(slowAlert)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT target_seconds FROM sla_breach WHERE alert_id = ?", slowAlert))
        .isEqualTo(90);

    advance(Duration.ofMinutes(5));
    assertThat(fixtures.escalations(slowAlert, "REMINDER")).as("reminders switched off").isZero();
    assertThat(fixtures.escalations(standardAlert, "REMINDER")).isPositive();
  }

  @Test
  void givenAP4Alert_whenHoursPass_thenItNeverEscalates() throws Exception {
    var elder = fixtures.elder("郑老人");
    long alert = fixtures.raise(elder, "LOW_BATTERY", "P4", clock.instant());
    advance(Duration.ofHours(3));
    assertThat(fixtures.level(alert)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_timer WHERE alert_id = ?", alert)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_plan WHERE alert_id = ?", alert)).isEqualTo(1);
  }

  /** Moves the clock, runs a turn and waits until nothing due is left and every open alert is planned. */
  private void advance(Duration by) throws Exception {
    Instant now = clock.advance(by);
    stack.stack().escalations().fireDue();
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM escalation_timer WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ?",
        Timestamp.from(now)) == 0 && TestRegistry.count(db, "SELECT count(*) FROM alert a WHERE a.is_open"
        + " AND NOT EXISTS (SELECT 1 FROM escalation_plan p WHERE p.alert_id = a.id)") == 0);
  }

  private ApiClient.Answer acknowledge(String username, long alert) {
    return stack.signIn(username).post("/api/alerts/" + alert + "/transitions",
        new JsonObject().put("to", "ACKNOWLEDGED").put("expectedStatus", "OPEN"));
  }

  private static JsonArray entries(JsonObject timeline, String type) {
    JsonArray found = new JsonArray();
    timeline.getJsonArray("entries").forEach(e -> {
      if (type.equals(((JsonObject) e).getString("type"))) {
        found.add(e);
      }
    });
    return found;
  }

  /** Opens the live alert stream as this user; the lines it sends are collected. */
  private List<String> openStream(String username) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/alerts/stream"))
        .header("Authorization", "Bearer " + stack.signIn(username).token()).build();
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
        .sendAsync(open, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    Thread reader = new Thread(() -> response.body().forEach(lines::add), "stream-reader");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
