package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Catalogue rule 3: a suspected fall is P2, and a fall (P1) when stillness follows within 2 min. */
class SuspectedFallRuleTest extends OnClockedStack {

  @Test
  void givenARadar_whenItReportsASuspectedFall_thenAP2SuspectedFallAlertAndNoFall() throws Exception {
    long elder = RuleFixtures.elderWith(db, "sus-1", "FALL_RADAR", "bedroom");

    publish("sus-1", "suspected-fall", event("s1-sus", clock.instant()));

    assertThat(alerts(elder, "SUSPECTED_FALL")).isEqualTo(1);
    assertThat(severity(elder, "SUSPECTED_FALL")).isEqualTo("P2");
    assertThat(alerts(elder, "FALL")).isZero();
  }

  @Test
  void givenASuspectedFall_whenADwellStartsWithin2Minutes_thenAP1FallAlertCarriesBothEvents() throws Exception {
    long elder = RuleFixtures.elderWith(db, "sus-2", "FALL_RADAR", "bathroom");
    Instant suspectedAt = clock.instant();

    publish("sus-2", "suspected-fall", event("s2-sus", suspectedAt).put("zone", "bathroom"));
    // Still since 30 s after the suspected fall, reported when the sensor's 200 s dwell threshold passed.
    publish("sus-2", "dwell", event("s2-dwell", suspectedAt.plusSeconds(230)).put("seconds", 200));

    assertThat(alerts(elder, "SUSPECTED_FALL")).isEqualTo(1);
    assertThat(alerts(elder, "FALL")).isEqualTo(1);
    assertThat(severity(elder, "FALL")).isEqualTo("P1");
    assertThat(eventCount(elder, "FALL")).isEqualTo(2);
  }

  @Test
  void givenASuspectedFall_whenTheStillnessStartsLaterThan2Minutes_thenNoFall() throws Exception {
    long elder = RuleFixtures.elderWith(db, "sus-3", "FALL_RADAR", "bedroom");
    Instant suspectedAt = clock.instant().minusSeconds(600);

    publish("sus-3", "suspected-fall", event("s3-sus", suspectedAt));
    publish("sus-3", "dwell", event("s3-dwell", suspectedAt.plusSeconds(400)).put("seconds", 200));

    assertThat(alerts(elder, "SUSPECTED_FALL")).isEqualTo(1);
    assertThat(alerts(elder, "FALL")).isZero();
  }

  @Test
  void givenADwellStoredBeforeItsSuspectedFall_whenTheLateSuspectedFallArrives_thenItIsStillAFall() throws Exception {
    long elder = RuleFixtures.elderWith(db, "sus-4", "FALL_RADAR", "bedroom");
    Instant suspectedAt = clock.instant().minusSeconds(300);

    publish("sus-4", "dwell", event("s4-dwell", suspectedAt.plusSeconds(210)).put("seconds", 200));
    publish("sus-4", "suspected-fall", event("s4-sus", suspectedAt));

    assertThat(alerts(elder, "FALL")).isEqualTo(1);
    assertThat(eventCount(elder, "FALL")).isEqualTo(2);
  }

  @Test
  void givenASuspectedFallOnOneRadar_whenAnotherRadarOfTheElderReportsADwell_thenNoFall() throws Exception {
    long elder = RuleFixtures.elderWith(db, "sus-5", "FALL_RADAR", "bathroom");
    RuleFixtures.deviceFor(db, elder, "sus-5b", "FALL_RADAR", "bedroom");
    Instant suspectedAt = clock.instant();

    publish("sus-5", "suspected-fall", event("s5-sus", suspectedAt));
    publish("sus-5b", "dwell", event("s5-dwell", suspectedAt.plusSeconds(210)).put("seconds", 200));

    assertThat(alerts(elder, "FALL")).isZero();
  }
}
