package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Catalogue rule 18: high-risk elders not visited in 7 days, key elders in 30 (general ones not
 * watched by default), on durable timers armed by the sweep and re-armed by each recorded visit.
 */
class VisitOverdueRuleTest extends OnClockedStack {

  private static final String RULE = "VISIT_OVERDUE";

  @Test
  void givenAHighRiskElderNeverVisited_whenSevenDaysPass_thenOneP3AlertWithoutDevice() throws Exception {
    long elder = elder("vo-1", "HIGH");
    sweep();

    advance(Duration.ofDays(6));
    assertThat(alerts(elder, RULE)).as("six days").isZero();

    advance(Duration.ofDays(1).plusMinutes(1));
    assertThat(alerts(elder, RULE)).isEqualTo(1);
    assertThat(severity(elder, RULE)).isEqualTo("P3");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = ?"
        + " AND device_id IS NULL AND cause_event_id IS NULL", elder, RULE)).isEqualTo(1);
    JsonObject shown = stack.openAlertFor(elder);
    assertThat(shown.getString("rule")).isEqualTo(RULE);
    assertThat(shown.getValue("deviceId")).isNull();

    advance(Duration.ofDays(7).plusMinutes(1));
    assertThat(alerts(elder, RULE)).as("still one open alert").isEqualTo(1);
    assertThat(eventCount(elder, RULE)).as("the repeat a week later adds to it").isEqualTo(2);
  }

  @Test
  void givenAHighRiskElder_whenVisitedOnDayFive_thenNoAlertOnDaySeven_butOnDayTwelve() throws Exception {
    long elder = elder("vo-2", "HIGH");
    sweep();

    advance(Duration.ofDays(5));
    assertThat(visit(elder).status()).isEqualTo(201);
    advance(Duration.ofDays(3));
    assertThat(alerts(elder, RULE)).as("day 8, visited on day 5").isZero();

    advance(Duration.ofDays(4).plusMinutes(1));
    assertThat(alerts(elder, RULE)).as("day 12: seven days after the visit").isEqualTo(1);
  }

  @Test
  void givenAKeyElder_whenTwentyNineDaysPass_thenNothing_andAfterThirty_thenAnAlert() throws Exception {
    long elder = elder("vo-3", "KEY");
    sweep();

    advance(Duration.ofDays(29));
    assertThat(alerts(elder, RULE)).isZero();

    advance(Duration.ofDays(1).plusMinutes(1));
    assertThat(alerts(elder, RULE)).isEqualTo(1);
  }

  @Test
  void givenAGeneralTierElder_whenSwept_thenNotWatchedByDefault() throws Exception {
    long elder = elder("vo-4", "GENERAL");
    sweep();

    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ? AND rule = ?", elder, RULE))
        .isZero();
    advance(Duration.ofDays(95));
    assertThat(alerts(elder, RULE)).isZero();
  }

  @Test
  void givenAnOpenOverdueAlert_whenAVisitIsRecorded_thenTheAlertIsResolvedAndTheNextCheckIsAWeekLater()
      throws Exception {
    long elder = elder("vo-5", "HIGH");
    sweep();
    advance(Duration.ofDays(7).plusMinutes(1));
    assertThat(alerts(elder, RULE)).isEqualTo(1);

    ApiClient.Answer recorded = visit(elder);

    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    long alertId = recorded.json().getLong("resolvedAlertId");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE id = ? AND status = 'RESOLVED'"
        + " AND disposition = 'REAL_EVENT'", alertId)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ? AND rule = ?"
        + " AND fired_at IS NULL AND cancelled_at IS NULL AND due_at > ?", elder, RULE,
        java.sql.Timestamp.from(clock.instant().plus(Duration.ofDays(6)))))
        .as("one pending check, a week after the visit").isEqualTo(1);

    advance(Duration.ofDays(6));
    assertThat(alerts(elder, RULE)).as("no new alert within the week").isEqualTo(1);
    advance(Duration.ofDays(1).plusMinutes(1));
    assertThat(alerts(elder, RULE)).as("a new one after it").isEqualTo(2);
  }

  @Test
  void givenAHighRiskElderInHospital_whenTheCheckFalls_thenPutOffDaily_andRaisedOnTheDayOfReturn() throws Exception {
    long elder = elder("vo-6", "HIGH");
    sweep();
    LocalDate today = today();
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO elder_status (elder_id, status, from_date, to_date) VALUES (?, 'HOSPITAL', ?, ?)")) {
      s.setLong(1, elder);
      s.setObject(2, today.plusDays(5));
      s.setObject(3, today.plusDays(9));
      s.executeUpdate();
    }

    advance(Duration.ofDays(7).plusMinutes(1));
    assertThat(alerts(elder, RULE)).as("in hospital on day 7").isZero();
    advance(Duration.ofDays(2));
    assertThat(alerts(elder, RULE)).as("still in hospital on day 9").isZero();

    advance(Duration.ofDays(1));
    assertThat(alerts(elder, RULE)).as("back on day 10, still not visited").isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ? AND rule = ?"
        + " AND outcome LIKE '%put off a day%'", elder, RULE)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void givenACheckArmedBeforeARestart_whenItFallsDueWhileThePlatformIsDown_thenItFiresOnceAfterTheRestart()
      throws Exception {
    long elder = elder("vo-7", "HIGH");
    sweep();
    advance(Duration.ofDays(3));
    assertThat(visit(elder).status()).isEqualTo(201);

    stack.close();
    clock.advance(Duration.ofDays(8));
    stack = RunningStack.start(db, clock);
    stack.stack().ruleTimers().fireDue();

    assertThat(alerts(elder, RULE)).as("seven days after the visit, fired after the restart").isEqualTo(1);
    assertThat(eventCount(elder, RULE)).isEqualTo(1);
    stack.stack().ruleTimers().fireDue();
    assertThat(eventCount(elder, RULE)).as("fired once").isEqualTo(1);
  }

  private long elder(String device, String tier) throws Exception {
    long elder = RuleFixtures.elderWith(db, device, "FALL_RADAR", "bedroom");
    RuleFixtures.riskTier(db, elder, tier);
    return elder;
  }

  private void sweep() throws Exception {
    stack.stack().visitSweep().sweep();
  }

  /** Records a home visit now, as a staff member of the elder's site. */
  private ApiClient.Answer visit(long elder) throws Exception {
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    String username = "vo.staff." + elder;
    if (TestRegistry.count(db, "SELECT count(*) FROM account WHERE username = ?", username) == 0) {
      TestAccounts.create(db, username, Role.STAFF, site);
    }
    return stack.signIn(username).post("/api/care/visits", new JsonObject().put("elderId", elder)
        .put("mode", "HOME_VISIT").put("visitedAt", clock.instant().atOffset(ZoneOffset.ofHours(8)).toString())
        .put("findings", "精神好"));
  }
}
