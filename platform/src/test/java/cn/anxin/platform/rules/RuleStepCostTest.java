package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What the rule step does to stay cheap keeps the rules' verdicts: the silence timer is not
 * rewritten on every message, the battery look-back is bounded, and elder profiles are cached
 * between registry changes.
 */
class RuleStepCostTest extends OnClockedStack {

  @Test
  void givenARadarThatBeatsTwiceThenFallsSilent_whenItsTimerFallsDueEarly_thenItWaitsForTheLastHeartbeatsAllowance()
      throws Exception {
    long elder = RuleFixtures.elderWith(db, "cost-1", "FALL_RADAR", "bedroom");
    Instant first = clock.instant();

    publish("cost-1", "heartbeat", event("c1-hb-0", first));
    clock.advance(Duration.ofSeconds(60));
    publish("cost-1", "heartbeat", event("c1-hb-1", clock.instant()));

    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'cost-1'"
        + " AND fired_at IS NULL AND cancelled_at IS NULL AND due_at = ?", java.sql.Timestamp.from(first.plusSeconds(180))))
        .as("a minute later is within half the allowance: the timer row was not rewritten").isEqualTo(1);

    advance(Duration.ofSeconds(130));

    assertThat(alerts(elder, "DEVICE_OFFLINE")).as("heard 130 s ago: not yet three heartbeats missed").isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'cost-1'"
        + " AND fired_at IS NULL AND cancelled_at IS NULL AND due_at = ?", java.sql.Timestamp.from(first.plusSeconds(240))))
        .as("moved to the last heartbeat plus the allowance").isEqualTo(1);

    advance(Duration.ofSeconds(55));

    assertThat(alerts(elder, "DEVICE_OFFLINE")).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'DEVICE_OFFLINE'"
        + " AND event_time = ?", elder, java.sql.Timestamp.from(first.plusSeconds(240)))).isEqualTo(1);
  }

  @Test
  void givenABatteryLowForLongerThanTheLookBack_whenHeartbeatsKeepComing_thenStillOneAlertForTheEpisode()
      throws Exception {
    long elder = RuleFixtures.elderWith(db, "cost-2", "WEARABLE", null);
    int beats = 320;
    JsonObject[] heartbeats = new JsonObject[beats];
    Instant start = clock.instant();
    for (int i = 0; i < beats; i++) {
      heartbeats[i] = event("c2-hb-" + i, start.plusSeconds(i)).put("battery", i == 0 ? 60 : 15);
    }
    clock.advance(Duration.ofSeconds(beats));

    publish("cost-2", "heartbeat", heartbeats);

    assertThat(alerts(elder, "LOW_BATTERY")).isEqualTo(1);
    assertThat(eventCount(elder, "LOW_BATTERY")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));
    publish("cost-2", "heartbeat", event("c2-hb-ok", clock.instant()).put("battery", 90));
    clock.advance(Duration.ofSeconds(5));
    publish("cost-2", "heartbeat", event("c2-hb-low", clock.instant()).put("battery", 10));

    assertThat(alerts(elder, "LOW_BATTERY")).as("charged, then low again: a new episode").isEqualTo(1);
    assertThat(eventCount(elder, "LOW_BATTERY")).isEqualTo(2);
  }

  @Test
  void givenACachedProfile_whenTheElderIsRecordedDeceased_thenTheNextBatchSeesIt() throws Exception {
    long elder = RuleFixtures.elderWith(db, "cost-3", "WEARABLE", null);

    publish("cost-3", "sos", event("c3-sos-1", clock.instant()));
    assertThat(eventCount(elder, "SOS")).isEqualTo(1);

    RuleFixtures.status(db, elder, "DECEASED", today().minusDays(1));
    clock.advance(Duration.ofSeconds(1));
    publish("cost-3", "sos", event("c3-sos-2", clock.instant()));

    assertThat(eventCount(elder, "SOS")).as("the cached profile was dropped").isEqualTo(1);
  }
}
