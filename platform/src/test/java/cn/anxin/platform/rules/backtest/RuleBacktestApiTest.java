package cn.anxin.platform.rules.backtest;

import static cn.anxin.platform.rules.backtest.BacktestScenario.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.rules.config.RuleConfig;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /api/rules/backtests over a stored scenario ({@link BacktestScenario}): what a candidate
 * configuration would raise against what was raised and how it was closed; nothing is written;
 * invalid candidates and ranges are 422; supervisors see only their centres' elders.
 */
class RuleBacktestApiTest extends OnRunningStack {

  private static final String PATH = "/api/rules/backtests";

  private BacktestScenario scenario;

  @BeforeAll
  void storeScenario() throws Exception {
    scenario = new BacktestScenario(db).store("bt");
  }

  @Test
  void givenTheConfigurationInForce_whenBacktested_thenEveryActualAlertIsMatchedAndNothingIsWritten()
      throws Exception {
    Map<String, Long> before = tableCounts();
    long audits = TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'BACKTEST'");

    Answer answer = stack.admin().post(PATH, request(new JsonObject()));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject report = answer.json();
    assertThat(report.getInteger("elders")).isGreaterThanOrEqualTo(3);
    assertThat(report.getLong("events")).isGreaterThanOrEqualTo(3 * 240 - 20 + 31 + 5);
    assertThat(report.getInteger("differenceCount")).as(answer.body()).isZero();
    assertFigures(report, "LOW_BATTERY", 2, 2, 2);
    assertFigures(report, "FALL", 2, 2, 2);
    assertFigures(report, "SUSPECTED_FALL", 2, 2, 2);
    assertFigures(report, "DEVICE_OFFLINE", 1, 1, 1);
    assertFigures(report, "ABNORMAL_VITALS", 1, 1, 1);
    assertFigures(report, "LONG_LIE", 0, 0, 0);
    assertFigures(report, "SOS", 0, 0, 0);
    assertThat(rule(report, "FALL").getJsonObject("actualOutcomes").getMap())
        .isEqualTo(Map.of("REAL_EVENT", 1, "OPEN", 1));
    assertThat(rule(report, "LOW_BATTERY").getDouble("actualFalseAlarmRate")).isEqualTo(0.5);
    assertThat(tableCounts()).as("alerts, timers and processed marks after the backtest").isEqualTo(before);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'BACKTEST'"))
        .isEqualTo(audits + 1);
  }

  @Test
  void givenAHigherBatteryThresholdAndSuspectedFallsDisabled_whenBacktested_thenTheReportShowsWhatWouldChange() {
    JsonObject candidate = new JsonObject().put("rules", new JsonObject()
        .put("LOW_BATTERY", new JsonObject().put("batteryLowPercent", 25))
        .put("SUSPECTED_FALL", new JsonObject().put("enabled", false)));

    Answer answer = stack.admin().post(PATH, request(candidate));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject report = answer.json();
    assertFigures(report, "LOW_BATTERY", 3, 2, 2);
    JsonObject suspected = rule(report, "SUSPECTED_FALL");
    assertFigures(report, "SUSPECTED_FALL", 0, 2, 0);
    assertThat(suspected.getInteger("onlyActual")).isEqualTo(2);
    assertThat(suspected.getInteger("falseAlarmsAvoided")).isEqualTo(1);
    assertThat(suspected.getInteger("realEventsMissed")).isEqualTo(1);
    assertThat(suspected.getJsonObject("onlyActualOutcomes").getMap())
        .isEqualTo(Map.of("FALSE_ALARM_BEHAVIOUR", 1, "REAL_EVENT", 1));
    // Without the suspected-fall rule its escalation to a fall goes too.
    assertFigures(report, "FALL", 1, 2, 1);
    assertThat(rule(report, "FALL").getInteger("realEventsMissed")).isEqualTo(1);
    assertFigures(report, "DEVICE_OFFLINE", 1, 1, 1);
    assertFigures(report, "ABNORMAL_VITALS", 1, 1, 1);

    JsonArray differences = report.getJsonArray("differences");
    assertThat(report.getInteger("differenceCount")).isEqualTo(4);
    assertThat(differences).hasSize(4);
    JsonObject onlyCandidate = find(differences, "ONLY_CANDIDATE", "LOW_BATTERY");
    assertThat(onlyCandidate.getLong("elderId")).isEqualTo(scenario.elder1);
    assertThat(onlyCandidate.getJsonObject("candidate").getString("eventTime")).isEqualTo(at(180, 0).toString());
    JsonObject missedFall = find(differences, "ONLY_ACTUAL", "FALL");
    assertThat(missedFall.getLong("elderId")).isEqualTo(scenario.elder2);
    assertThat(missedFall.getJsonObject("actual").getString("disposition")).isEqualTo("REAL_EVENT");
    assertThat(missedFall.getJsonObject("actual").getString("eventTime")).isEqualTo(at(150, 0).toString());
  }

  @Test
  void givenALowerBatteryThresholdAndAHigherHeartRateLimit_whenBacktested_thenTheFalseAlarmAndTheRealEventsAreMissed() {
    JsonObject candidate = new JsonObject().put("rules", new JsonObject()
        .put("LOW_BATTERY", new JsonObject().put("batteryLowPercent", 15))
        .put("ABNORMAL_VITALS", new JsonObject().put("hrHigh", 150)));

    JsonObject report = stack.admin().post(PATH, request(candidate)).json();

    assertFigures(report, "LOW_BATTERY", 0, 2, 0);
    assertThat(rule(report, "LOW_BATTERY").getInteger("falseAlarmsAvoided")).isEqualTo(1);
    assertThat(rule(report, "LOW_BATTERY").getInteger("realEventsMissed")).isEqualTo(1);
    assertFigures(report, "ABNORMAL_VITALS", 0, 1, 0);
    assertThat(rule(report, "ABNORMAL_VITALS").getInteger("realEventsMissed")).isEqualTo(1);
    assertFigures(report, "SUSPECTED_FALL", 2, 2, 2);
  }

  @Test
  void givenAnotherSeverityForFalls_whenBacktested_thenTheMatchedFallsAreListedAsSeverityChanged() {
    JsonObject candidate = new JsonObject().put("rules", new JsonObject()
        .put("FALL", new JsonObject().put("severity", "P2")));

    JsonObject report = stack.admin().post(PATH, request(candidate)).json();

    assertFigures(report, "FALL", 2, 2, 2);
    assertThat(rule(report, "FALL").getInteger("severityChanged")).isEqualTo(2);
    assertThat(find(report.getJsonArray("differences"), "SEVERITY_CHANGED", "FALL")
        .getJsonObject("candidate").getString("severity")).isEqualTo("P2");
  }

  @Test
  void givenAnInvalidCandidateAndRange_whenBacktested_then422WithAPointerPerReasonAndNothingAudited()
      throws Exception {
    long audits = TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'BACKTEST'");
    JsonObject candidate = new JsonObject().put("rules", new JsonObject()
        .put("NO_SUCH_RULE", new JsonObject())
        .put("ABNORMAL_VITALS", new JsonObject().put("hrLow", 140)));
    JsonObject body = request(candidate).put("to", BacktestScenario.FROM.plusSeconds(32L * 86_400).toString());

    Answer answer = stack.admin().inLanguage("en").post(PATH, body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(422);
    assertThat(answer.json().getString("code")).isEqualTo("backtest.invalid");
    assertThat(answer.codesOn("/body/candidate/rules/NO_SUCH_RULE")).containsExactly("rules.unknown-rule");
    assertThat(answer.codesOn("/body/candidate/rules/ABNORMAL_VITALS/hrLow"))
        .containsExactly("rules.low-not-below-high");
    assertThat(answer.codesOn("/body/to")).containsExactly("backtest.range-too-long");
    assertThat(answer.errorOn("/body/to").getString("message")).contains("31");
    Answer backwards = stack.admin().post(PATH, request(new JsonObject())
        .put("to", BacktestScenario.FROM.minusSeconds(60).toString()));
    assertThat(backwards.status()).isEqualTo(422);
    assertThat(backwards.codesOn("/body/to")).containsExactly("backtest.to-not-after-from");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'BACKTEST'"))
        .isEqualTo(audits);
  }

  @Test
  void givenASupervisorOfCentreB_whenBacktesting_thenOnlyCentreBsEldersAreReplayedAndCentreAIsNotFound()
      throws Exception {
    TestAccounts.create(db, "bt.supervisor.b", Role.SUPERVISOR, scenario.siteB);
    ApiClient supervisor = stack.signIn("bt.supervisor.b");
    JsonObject candidate = new JsonObject().put("rules", new JsonObject()
        .put("LOW_BATTERY", new JsonObject().put("batteryLowPercent", 15))
        .put("ABNORMAL_VITALS", new JsonObject().put("hrHigh", 150)));

    Answer own = supervisor.post(PATH, request(candidate));
    Answer otherSite = supervisor.post(PATH, request(candidate).put("siteId", scenario.siteA));
    Answer missingSite = supervisor.post(PATH, request(candidate).put("siteId", 99_999_999L));
    Answer otherElder = supervisor.post(PATH, request(candidate).put("elderIds", new JsonArray().add(scenario.elder1)));
    Answer overrideOfOther = supervisor.post(PATH, request(new JsonObject().put("overrides", new JsonObject()
        .put("elders", new JsonObject().put(String.valueOf(scenario.elder1),
            new JsonObject().put("LOW_BATTERY", new JsonObject().put("batteryLowPercent", 30)))))));

    assertThat(own.status()).as(own.body()).isEqualTo(200);
    JsonObject report = own.json();
    assertThat(report.getInteger("elders")).isEqualTo(1);
    assertFigures(report, "ABNORMAL_VITALS", 0, 1, 0);
    assertFigures(report, "LOW_BATTERY", 0, 0, 0);
    assertFigures(report, "SUSPECTED_FALL", 0, 0, 0);
    assertThat(report.getJsonArray("differences").stream().map(d -> ((JsonObject) d).getLong("elderId")))
        .containsOnly(scenario.elder3);
    assertThat(otherSite.status()).isEqualTo(404);
    assertThat(withoutInstance(otherSite)).isEqualTo(withoutInstance(missingSite));
    assertThat(otherElder.status()).isEqualTo(200);
    assertThat(otherElder.json().getInteger("elders")).isZero();
    assertThat(otherElder.json().getInteger("differenceCount")).isZero();
    assertThat(overrideOfOther.status()).isEqualTo(422);
    assertThat(overrideOfOther.codesOn("/body/candidate/overrides/elders/" + scenario.elder1))
        .containsExactly("rules.unknown-elder");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'BACKTEST'"
        + " AND account_id = (SELECT id FROM account WHERE username = 'bt.supervisor.b')"
        + " AND elder_ids = ARRAY[?]::bigint[]", scenario.elder3)).isEqualTo(1);
  }

  @Test
  void givenMoreStoredEventsThanTheCapOrTooLittleTime_whenBacktested_then422AndTheTransactionCanStillWrite()
      throws Exception {
    BacktestRequest request = new BacktestRequest(BacktestScenario.FROM, BacktestScenario.TO, RuleConfig.defaults(),
        Optional.empty(), List.of(), Duration.ofMinutes(10), Duration.ofMinutes(30));
    List<Long> elders = List.of(scenario.elder1, scenario.elder2, scenario.elder3);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);

      assertThatThrownBy(() -> new Backtest(500, Duration.ofMinutes(10)).run(c, request, elders))
          .isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(422);
            assertThat(p.code()).isEqualTo("backtest.too-many-events");
          });
      assertThatThrownBy(() -> new Backtest(1_000, Duration.ZERO).run(c, request, elders))
          .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("backtest.too-slow"));
      BacktestReport within = new Backtest(1_000, Duration.ofMinutes(10)).run(c, request, elders);

      assertThat(within.toJson().getLong("events")).isEqualTo(736);
      try (Statement s = c.createStatement()) {
        // The replay's read-only subtransaction is gone: the caller's transaction writes on (the audit row).
        s.execute("CREATE TEMP TABLE after_backtest (x int)");
      }
      c.rollback();
    }
  }

  @Test
  void givenAStaffMember_whenBacktesting_thenForbidden() throws Exception {
    TestAccounts.create(db, "bt.staff", Role.STAFF, scenario.siteA);

    Answer answer = stack.signIn("bt.staff").post(PATH, request(new JsonObject()));

    assertThat(answer.status()).isEqualTo(403);
  }

  private JsonObject request(JsonObject candidate) {
    return new JsonObject()
        .put("from", BacktestScenario.FROM.toString())
        .put("to", BacktestScenario.TO.toString())
        .put("candidate", candidate)
        .put("elderIds", new JsonArray().add(scenario.elder1).add(scenario.elder2).add(scenario.elder3));
  }

  private static void assertFigures(JsonObject report, String code, int wouldRaise, int actuallyRaised, int matched) {
    JsonObject figures = rule(report, code);
    assertThat(List.of(figures.getInteger("wouldRaise"), figures.getInteger("actuallyRaised"),
        figures.getInteger("matched")))
        .as(code + " would raise, actually raised, matched: " + figures.encode())
        .containsExactly(wouldRaise, actuallyRaised, matched);
    assertThat(figures.getInteger("onlyCandidate")).isEqualTo(wouldRaise - matched);
    assertThat(figures.getInteger("onlyActual")).isEqualTo(actuallyRaised - matched);
  }

  private static JsonObject rule(JsonObject report, String code) {
    return report.getJsonArray("rules").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("rule").equals(code)).findFirst()
        .orElseThrow(() -> new AssertionError("no figures for " + code + " in " + report.encode()));
  }

  private static JsonObject find(JsonArray differences, String kind, String rule) {
    return differences.stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("kind").equals(kind) && d.getString("rule").equals(rule)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + rule + " in " + differences.encode()));
  }

  private static JsonObject withoutInstance(Answer answer) {
    JsonObject body = answer.json();
    body.remove("instance");
    return body;
  }

  /** What a backtest must leave as it was. */
  private Map<String, Long> tableCounts() throws Exception {
    return Map.of(
        "alert", "SELECT count(*) FROM alert",
        "alert_event", "SELECT count(*) FROM alert_event",
        "alert_transition", "SELECT count(*) FROM alert_transition",
        "rule_timer", "SELECT count(*) FROM rule_timer",
        "unprocessed", "SELECT count(*) FROM device_event WHERE processed_at IS NULL",
        "processed", "SELECT count(*) FROM device_event WHERE processed_at IS NOT NULL",
        "rule_config", "SELECT count(*) FROM rule_config").entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> {
          try {
            return TestRegistry.count(db, e.getValue());
          } catch (Exception ex) {
            throw new AssertionError(ex);
          }
        }));
  }
}
