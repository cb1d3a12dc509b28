package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The care rules in a backtest: night bed exits and wandering replay from the journal and match
 * what was raised live; visit-overdue checks (armed by visits, not device events) are left out.
 */
class CareRulesBacktestTest extends OnClockedStack {

  @Test
  void givenNightBedExitWanderingAndVisitOverdueAlerts_whenBacktestedWithTheDefaults_thenTheDeviceRulesMatch()
      throws Exception {
    long bedElder = RuleFixtures.elderWith(db, "cb-bed", "FALL_RADAR", "bedroom");
    long walker = RuleFixtures.elderWith(db, "cb-watch", "WEARABLE", null);
    long unvisited = RuleFixtures.elderWith(db, "cb-none", "FALL_RADAR", "bedroom");
    RuleFixtures.riskTier(db, unvisited, "HIGH");
    try (var c = db.getConnection(); var s = c.prepareStatement("INSERT INTO elder_safe_zone (elder_id, name, shape,"
        + " anchor, lon, lat, radius_m, created_at) VALUES (?, '家', 'CIRCLE', 'POINT', 101.546, 25.045, 300, now())")) {
      s.setLong(1, walker);
      s.executeUpdate();
    }
    ZonedDateTime now = clock.instant().atZone(RuleEngine.CARE_ZONE);
    ZonedDateTime night = now.with(LocalTime.of(23, 0));
    clock.set((night.isAfter(now) ? night : night.plusDays(1)).toInstant());
    Instant from = clock.instant().minus(Duration.ofHours(1));
    stack.stack().visitSweep().sweep();

    publish("cb-bed", "bed", event("cb-out", clock.instant()).put("state", "out"));
    publish("cb-watch", "location", event("cb-fix", clock.instant()).put("lat", 25.055).put("lon", 101.546)
        .put("accuracyM", 20).put("fix", "gps"));
    advance(Duration.ofMinutes(31));
    advance(Duration.ofDays(7));
    assertThat(alerts(bedElder, "NIGHT_BED_EXIT")).isEqualTo(1);
    assertThat(alerts(walker, "WANDERING")).isEqualTo(1);
    assertThat(alerts(unvisited, "VISIT_OVERDUE")).isEqualTo(1);

    TestAccounts.create(db, "cb.admin", Role.ADMIN);
    ApiClient admin = stack.signIn("cb.admin");
    ApiClient.Answer answer = admin.post("/api/rules/backtests", new JsonObject()
        .put("from", from.atOffset(ZoneOffset.ofHours(8)).toString())
        .put("to", clock.instant().atOffset(ZoneOffset.ofHours(8)).toString())
        .put("candidate", new JsonObject())
        .put("elderIds", new JsonArray().add(bedElder).add(walker).add(unvisited)));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject report = answer.json();
    assertThat(report.getInteger("differenceCount")).as(answer.body()).isZero();
    assertThat(rule(report, "NIGHT_BED_EXIT").getInteger("matched")).isEqualTo(1);
    assertThat(rule(report, "WANDERING").getInteger("matched")).isEqualTo(1);
    assertThat(report.getJsonArray("rules").stream().map(JsonObject.class::cast).map(r -> r.getString("rule")))
        .doesNotContain("VISIT_OVERDUE");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE rule IN ('NIGHT_BED_EXIT', 'WANDERING')"))
        .as("the replay wrote nothing").isEqualTo(2);
  }

  private static JsonObject rule(JsonObject report, String code) {
    return report.getJsonArray("rules").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("rule").equals(code)).findFirst().orElseThrow();
  }
}
