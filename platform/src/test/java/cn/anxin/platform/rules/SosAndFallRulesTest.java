package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Catalogue rules 1 (SOS) and 2 (confirmed fall: radar at once, wearable unless cancelled in 30 s). */
class SosAndFallRulesTest extends OnClockedStack {

  @Test
  void givenAPendant_whenTheSosButtonIsPressed_thenAP1SosAlertIsRaisedAtOnce() throws Exception {
    long elder = RuleFixtures.elderWith(db, "sos-1", "WEARABLE", null);

    publish("sos-1", "sos", event("sos-1-a", clock.instant()));

    assertThat(alerts(elder, "SOS")).isEqualTo(1);
    assertThat(severity(elder, "SOS")).isEqualTo("P1");
  }

  @Test
  void givenAPendant_whenItOnlySendsHeartbeats_thenNoSosAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "sos-2", "WEARABLE", null);

    publish("sos-2", "heartbeat", event("sos-2-hb", clock.instant()).put("battery", 90));

    assertThat(alerts(elder, "SOS")).isZero();
  }

  @Test
  void givenARadar_whenItReportsAFall_thenAP1FallAlertIsRaisedWithoutWaiting() throws Exception {
    long elder = RuleFixtures.elderWith(db, "fall-radar", "FALL_RADAR", "bathroom");

    publish("fall-radar", "fall", event("fr-1", clock.instant()));

    assertThat(alerts(elder, "FALL")).isEqualTo(1);
    assertThat(severity(elder, "FALL")).isEqualTo("P1");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND zone = 'bathroom'", elder))
        .as("the radar's room stands in for a zone the fall did not name").isEqualTo(1);
  }

  @Test
  void givenAWearableFall_whenNoCancelComesWithin30s_thenAP1FallAlertIsRaisedWhenTheWindowEnds() throws Exception {
    long elder = RuleFixtures.elderWith(db, "fall-w1", "WEARABLE", null);
    Instant fallAt = clock.instant();

    publish("fall-w1", "fall", event("fw1-fall", fallAt).put("zone", "living_room"));
    advance(Duration.ofSeconds(29));

    assertThat(alerts(elder, "FALL")).as("still within the cancel window").isZero();

    advance(Duration.ofSeconds(2));

    assertThat(alerts(elder, "FALL")).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'FALL'"
        + " AND event_time = ? AND zone = 'living_room' AND severity = 'P1'", elder, java.sql.Timestamp.from(fallAt)))
        .as("the alert carries the fall's own time").isEqualTo(1);
  }

  @Test
  void givenAWearableFall_whenTheWearerCancelsWithin30s_thenNoAlertAndTheCancelledFallIsRecorded() throws Exception {
    long elder = RuleFixtures.elderWith(db, "fall-w2", "WEARABLE", null);

    publish("fall-w2", "fall", event("fw2-fall", clock.instant()));
    advance(Duration.ofSeconds(9));
    publish("fall-w2", "cancel", event("fw2-cancel", clock.instant()).put("cancels", "fw2-fall"));
    advance(Duration.ofMinutes(5));

    assertThat(alerts(elder, "FALL")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'fall-w2' AND rule = 'FALL'"
        + " AND purpose = 'cancel-window:fw2-fall' AND cancelled_at IS NOT NULL AND outcome LIKE 'cancelled by the wearer%'"))
        .isEqualTo(1);
  }

  @Test
  void givenTwoWearableFalls_whenTheCancelNamesOnlyTheFirst_thenTheSecondStillBecomesAnAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "fall-w3", "WEARABLE", null);

    publish("fall-w3", "fall", event("fw3-a", clock.instant()), event("fw3-b", clock.instant().plusSeconds(1)));
    publish("fall-w3", "cancel", event("fw3-cancel", clock.instant().plusSeconds(5)).put("cancels", "fw3-a"));
    advance(Duration.ofSeconds(40));

    assertThat(alerts(elder, "FALL")).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert a JOIN device_event e ON e.id = a.cause_event_id"
        + " WHERE a.elder_id = ? AND e.msg_id = 'fw3-b'", elder)).isEqualTo(1);
  }

  @Test
  void givenAWearableFallAndACancelWithoutName_whenTheCancelCameInTime_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "fall-w4", "WEARABLE", null);

    publish("fall-w4", "fall", event("fw4-fall", clock.instant()));
    publish("fall-w4", "cancel", event("fw4-cancel", clock.instant().plusSeconds(8)));
    advance(Duration.ofMinutes(1));

    assertThat(alerts(elder, "FALL")).isZero();
  }

  @Test
  void givenAWearableFallThatArrivesLate_whenItsWindowHasPassed_thenTheAlertFollowsAtOnceWithTheFallsTime()
      throws Exception {
    long elder = RuleFixtures.elderWith(db, "fall-w5", "WEARABLE", null);
    Instant fallAt = clock.instant().minus(Duration.ofMinutes(20));

    publish("fall-w5", "fall", event("fw5-late", fallAt));
    advance(Duration.ofSeconds(1));

    assertThat(alerts(elder, "FALL")).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND event_time = ?",
        elder, java.sql.Timestamp.from(fallAt))).isEqualTo(1);
  }

  @Test
  void givenALateWearableFallWhoseCancelWasStoredFirst_whenTheFallArrives_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "fall-w6", "WEARABLE", null);
    Instant fallAt = clock.instant().minus(Duration.ofMinutes(3));

    publish("fall-w6", "cancel", event("fw6-cancel", fallAt.plusSeconds(10)).put("cancels", "fw6-fall"));
    publish("fall-w6", "fall", event("fw6-fall", fallAt));
    advance(Duration.ofMinutes(1));

    assertThat(alerts(elder, "FALL")).isZero();
  }
}
