package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.ApiClient.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The running rules follow the configuration in force: a new version applies without a restart, a
 * refused one changes nothing; overrides pick per-elder values; AWAY and HOSPITAL mute the rules in
 * mutedWhenAway, and deceased elders raise nothing.
 */
class SuppressionAndConfigTest extends OnClockedStack {

  @Test
  void givenANewThreshold_whenSaved_thenTheNextEventsAreJudgedByItWithoutARestart() throws Exception {
    long elder = RuleFixtures.elderWith(db, "cfg-bat-1", "WEARABLE", null);
    save(rules(lowBattery(20)));
    publish("cfg-bat-1", "heartbeat", event("cb1-1", clock.instant()).put("battery", 28));
    assertThat(alerts(elder, "LOW_BATTERY")).as("28 % is not low under 20 %").isZero();

    save(rules(lowBattery(30)));
    publish("cfg-bat-1", "heartbeat", event("cb1-2", clock.instant().plusSeconds(1)).put("battery", 27));

    assertThat(alerts(elder, "LOW_BATTERY")).isEqualTo(1);
  }

  @Test
  void givenARefusedDocument_whenEventsFollow_thenTheRulesInForceStayAsTheyWere() throws Exception {
    long elder = RuleFixtures.elderWith(db, "cfg-bat-2", "WEARABLE", null);
    save(rules(lowBattery(30)));

    Answer refused = stack.admin().put("/api/rules/config", new JsonObject().put("comment", "bad")
        .put("document", new JsonObject().put("rules", lowBattery(90).put("NO_SUCH_RULE", new JsonObject()))));
    assertThat(refused.status()).isEqualTo(422);
    publish("cfg-bat-2", "heartbeat", event("cb2-1", clock.instant()).put("battery", 50));

    assertThat(alerts(elder, "LOW_BATTERY")).as("90 % never came into force").isZero();

    publish("cfg-bat-2", "heartbeat", event("cb2-2", clock.instant().plusSeconds(1)).put("battery", 25));

    assertThat(alerts(elder, "LOW_BATTERY")).as("30 % is still in force").isEqualTo(1);
  }

  @Test
  void givenAnElderOverride_whenTwoEldersReportTheSameBattery_thenOnlyTheOverriddenElderIsAlerted() throws Exception {
    long special = RuleFixtures.elderWith(db, "cfg-bat-3", "WEARABLE", null);
    long ordinary = RuleFixtures.elderWith(db, "cfg-bat-4", "WEARABLE", null);
    save(rules(lowBattery(20)).put("overrides", new JsonObject().put("elders", new JsonObject()
        .put(String.valueOf(special), lowBattery(50)))));

    publish("cfg-bat-3", "heartbeat", event("cb3-1", clock.instant()).put("battery", 40));
    publish("cfg-bat-4", "heartbeat", event("cb4-1", clock.instant()).put("battery", 40));

    assertThat(alerts(special, "LOW_BATTERY")).isEqualTo(1);
    assertThat(alerts(ordinary, "LOW_BATTERY")).isZero();
  }

  @Test
  void givenAnAbilityLevelOverride_whenEldersReport_thenTheLatestAssessmentDecidesWhoseThresholdApplies()
      throws Exception {
    long complete = RuleFixtures.elderWith(db, "lvl-1", "WEARABLE", null);
    long recovered = RuleFixtures.elderWith(db, "lvl-2", "WEARABLE", null);
    RuleFixtures.assessed(db, complete, 75, today().minusYears(1));
    RuleFixtures.assessed(db, complete, 10, today().minusDays(30));
    RuleFixtures.assessed(db, recovered, 10, today().minusYears(1));
    RuleFixtures.assessed(db, recovered, 90, today().minusDays(30));
    save(rules(lowBattery(20)).put("overrides", new JsonObject().put("abilityLevels", new JsonObject()
        .put("COMPLETE", lowBattery(50)))));

    publish("lvl-1", "heartbeat", event("lvl-1-hb", clock.instant()).put("battery", 40));
    publish("lvl-2", "heartbeat", event("lvl-2-hb", clock.instant()).put("battery", 40));

    assertThat(alerts(complete, "LOW_BATTERY")).isEqualTo(1);
    assertThat(alerts(recovered, "LOW_BATTERY")).isZero();
  }

  @Test
  void givenLowBatteryMutedWhenAway_whenAnAwayOrHospitalisedElderReportsIt_thenNoAlertButAnActiveElderGetsOne()
      throws Exception {
    long away = RuleFixtures.elderWith(db, "mute-1", "WEARABLE", null);
    long hospital = RuleFixtures.elderWith(db, "mute-2", "WEARABLE", null);
    long active = RuleFixtures.elderWith(db, "mute-3", "WEARABLE", null);
    RuleFixtures.status(db, away, "AWAY", today().minusDays(2));
    RuleFixtures.status(db, hospital, "HOSPITAL", today());
    save(rules(lowBattery(20)).put("mutedWhenAway", new JsonArray().add("WATER_12H").add("LOW_BATTERY")));

    for (String device : new String[] {"mute-1", "mute-2", "mute-3"}) {
      publish(device, "heartbeat", event(device + "-hb", clock.instant()).put("battery", 10));
    }
    publish("mute-1", "sos", event("mute-1-sos", clock.instant()));

    assertThat(alerts(away, "LOW_BATTERY")).isZero();
    assertThat(alerts(hospital, "LOW_BATTERY")).isZero();
    assertThat(alerts(active, "LOW_BATTERY")).isEqualTo(1);
    assertThat(alerts(away, "SOS")).as("SOS is not in mutedWhenAway").isEqualTo(1);
  }

  @Test
  void givenAnAwayPeriodThatEndedYesterday_whenTheElderReportsLowBattery_thenTheAlertIsRaised() throws Exception {
    long back = RuleFixtures.elderWith(db, "mute-4", "WEARABLE", null);
    try (var c = db.getConnection(); var s = c.prepareStatement(
        "INSERT INTO elder_status (elder_id, status, from_date, to_date) VALUES (?, 'AWAY', ?, ?)")) {
      s.setLong(1, back);
      s.setObject(2, today().minusDays(10));
      s.setObject(3, today().minusDays(1));
      s.executeUpdate();
    }
    save(rules(lowBattery(20)).put("mutedWhenAway", new JsonArray().add("LOW_BATTERY")));

    publish("mute-4", "heartbeat", event("mute-4-hb", clock.instant()).put("battery", 10));

    assertThat(alerts(back, "LOW_BATTERY")).isEqualTo(1);
  }

  @Test
  void givenADeceasedElder_whenTheirPendantSendsSosAndAFall_thenNothingIsRaised() throws Exception {
    long deceased = RuleFixtures.elderWith(db, "dead-1", "FALL_RADAR", "bedroom");
    RuleFixtures.status(db, deceased, "DECEASED", today().minusDays(3));

    publish("dead-1", "sos", event("dead-sos", clock.instant()));
    publish("dead-1", "fall", event("dead-fall", clock.instant()));

    assertThat(alerts(deceased, "SOS")).isZero();
    assertThat(alerts(deceased, "FALL")).isZero();
  }

  @Test
  void givenADeathRecordedToday_whenAnSosFromTwoDaysAgoArrivesLate_thenNothingIsRaised() throws Exception {
    long deceased = RuleFixtures.elderWith(db, "dead-2", "FALL_RADAR", "bedroom");
    RuleFixtures.status(db, deceased, "DECEASED", today());
    long alive = RuleFixtures.elderWith(db, "alive-2", "FALL_RADAR", "bedroom");

    publish("dead-2", "sos", event("dead-2-sos", clock.instant().minus(java.time.Duration.ofDays(2))));
    publish("alive-2", "sos", event("alive-2-sos", clock.instant().minus(java.time.Duration.ofDays(2))));

    assertThat(alerts(deceased, "SOS")).as("a backlog from before a recorded death").isZero();
    assertThat(alerts(alive, "SOS")).as("the same backlog of a living elder").isEqualTo(1);
  }

  @Test
  void givenADisabledRule_whenItsEventArrives_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "off-rule", "FALL_RADAR", "bedroom");
    save(rules(new JsonObject().put("SUSPECTED_FALL", new JsonObject().put("enabled", false))));

    publish("off-rule", "suspected-fall", event("off-sus", clock.instant()));

    assertThat(alerts(elder, "SUSPECTED_FALL")).isZero();
    save(new JsonObject());
  }

  private void save(JsonObject document) {
    Answer saved = stack.admin().put("/api/rules/config", new JsonObject().put("comment", "test")
        .put("document", document));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
  }

  private static JsonObject rules(JsonObject rules) {
    return new JsonObject().put("rules", rules);
  }

  private static JsonObject lowBattery(int percent) {
    return new JsonObject().put("LOW_BATTERY", new JsonObject().put("batteryLowPercent", percent));
  }
}
