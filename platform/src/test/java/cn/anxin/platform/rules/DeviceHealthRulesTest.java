package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Catalogue rule 17: devices that go silent, and batteries that run low. */
class DeviceHealthRulesTest extends OnClockedStack {

  @Test
  void givenARadar_whenItMissesThreeHeartbeats_thenAP3DeviceOfflineAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "off-1", "FALL_RADAR", "bedroom");

    publish("off-1", "heartbeat", event("o1-hb", clock.instant()));
    advance(Duration.ofSeconds(170));

    assertThat(alerts(elder, "DEVICE_OFFLINE")).as("two missed heartbeats are not yet offline").isZero();

    advance(Duration.ofSeconds(20));

    assertThat(alerts(elder, "DEVICE_OFFLINE")).isEqualTo(1);
    assertThat(severity(elder, "DEVICE_OFFLINE")).isEqualTo("P3");
  }

  @Test
  void givenAHighRiskElder_whenTheirRadarGoesSilent_thenTheOfflineAlertIsP2() throws Exception {
    long elder = RuleFixtures.elderWith(db, "off-2", "FALL_RADAR", "bedroom");
    RuleFixtures.riskTier(db, elder, "HIGH");

    publish("off-2", "heartbeat", event("o2-hb", clock.instant()));
    advance(Duration.ofMinutes(4));

    assertThat(severity(elder, "DEVICE_OFFLINE")).isEqualTo("P2");
  }

  @Test
  void givenARadarThatKeepsBeating_whenTimePasses_thenNoOfflineAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "off-3", "FALL_RADAR", "bedroom");

    for (int i = 0; i < 4; i++) {
      publish("off-3", "heartbeat", event("o3-hb-" + i, clock.instant()));
      advance(Duration.ofSeconds(120));
    }

    assertThat(alerts(elder, "DEVICE_OFFLINE")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'off-3'"
        + " AND rule = 'DEVICE_OFFLINE' AND fired_at IS NULL AND cancelled_at IS NULL"))
        .as("re-armed, never duplicated").isEqualTo(1);
  }

  @Test
  void givenAWearable_whenSilentFor26Hours_thenAnOfflineAlertButNotAfter25() throws Exception {
    long elder = RuleFixtures.elderWith(db, "off-4", "WEARABLE", null);

    publish("off-4", "heartbeat", event("o4-hb", clock.instant()).put("battery", 80));
    advance(Duration.ofHours(25));

    assertThat(alerts(elder, "DEVICE_OFFLINE")).isZero();

    advance(Duration.ofHours(1).plusSeconds(5));

    assertThat(alerts(elder, "DEVICE_OFFLINE")).isEqualTo(1);
  }

  @Test
  void givenADisabledRadar_whenItGoesSilent_thenNoOfflineAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "off-5", "FALL_RADAR", "bedroom");

    publish("off-5", "heartbeat", event("o5-hb", clock.instant()));
    TestRegistry.disable(db, "off-5");
    advance(Duration.ofMinutes(5));

    assertThat(alerts(elder, "DEVICE_OFFLINE")).isZero();
  }

  @Test
  void givenAHeartbeatBelow20Percent_whenProcessed_thenOneP3LowBatteryAlertPerDrop() throws Exception {
    long elder = RuleFixtures.elderWith(db, "bat-1", "WEARABLE", null);

    publish("bat-1", "heartbeat", event("b1-1", clock.instant()).put("battery", 35));
    assertThat(alerts(elder, "LOW_BATTERY")).isZero();

    clock.advance(Duration.ofMinutes(5));
    publish("bat-1", "heartbeat", event("b1-2", clock.instant()).put("battery", 19));
    clock.advance(Duration.ofMinutes(5));
    publish("bat-1", "heartbeat", event("b1-3", clock.instant()).put("battery", 18));

    assertThat(alerts(elder, "LOW_BATTERY")).isEqualTo(1);
    assertThat(severity(elder, "LOW_BATTERY")).isEqualTo("P3");
    assertThat(eventCount(elder, "LOW_BATTERY")).as("staying low is not a new drop").isEqualTo(1);
  }

  @Test
  void givenALowBatteryAlertThatWasClosed_whenTheBatteryStaysLow_thenNoNewAlertButANewDropRaisesOne()
      throws Exception {
    long elder = RuleFixtures.elderWith(db, "bat-3", "WEARABLE", null);

    publish("bat-3", "heartbeat", event("b3-1", clock.instant()).put("battery", 15));
    try (var c = db.getConnection(); var s = c.prepareStatement(
        "UPDATE alert SET status = 'RESOLVED' WHERE elder_id = ? AND rule = 'LOW_BATTERY'")) {
      s.setLong(1, elder);
      s.executeUpdate();
    }
    clock.advance(Duration.ofMinutes(5));
    publish("bat-3", "heartbeat", event("b3-2", clock.instant()).put("battery", 14));

    assertThat(alerts(elder, "LOW_BATTERY")).as("the same low episode").isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    publish("bat-3", "heartbeat", event("b3-3", clock.instant()).put("battery", 100));
    clock.advance(Duration.ofMinutes(5));
    publish("bat-3", "heartbeat", event("b3-4", clock.instant()).put("battery", 12));

    assertThat(alerts(elder, "LOW_BATTERY")).as("charged, then low again").isEqualTo(2);
  }

  @Test
  void givenAHeartbeatAtExactly20Percent_whenProcessed_thenNoLowBatteryAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "bat-2", "FALL_RADAR", "bedroom");

    publish("bat-2", "heartbeat", event("b2-1", clock.instant()).put("battery", 20));

    assertThat(alerts(elder, "LOW_BATTERY")).isZero();
  }
}
