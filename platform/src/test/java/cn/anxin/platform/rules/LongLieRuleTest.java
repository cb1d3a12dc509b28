package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Catalogue rule 4: no movement for 5 min in a bathroom (P1), 20 min elsewhere (P2). */
class LongLieRuleTest extends OnClockedStack {

  @Test
  void givenADwellInTheBathroom_whenNoMovementFollowsFor5Minutes_thenAP1LongLieAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "lie-1", "FALL_RADAR", "bathroom");

    publish("lie-1", "dwell", event("l1-dwell", clock.instant()).put("seconds", 200));
    advance(Duration.ofSeconds(90));

    assertThat(alerts(elder, "LONG_LIE")).as("still for 290 s").isZero();

    advance(Duration.ofSeconds(15));

    assertThat(alerts(elder, "LONG_LIE")).isEqualTo(1);
    assertThat(severity(elder, "LONG_LIE")).isEqualTo("P1");
  }

  @Test
  void givenADwellInTheBedroom_whenStillFor20Minutes_thenP2ButNotAt10() throws Exception {
    long elder = RuleFixtures.elderWith(db, "lie-2", "FALL_RADAR", "bedroom");

    publish("lie-2", "dwell", event("l2-dwell", clock.instant()).put("seconds", 200));
    advance(Duration.ofMinutes(10));

    assertThat(alerts(elder, "LONG_LIE")).isZero();

    advance(Duration.ofMinutes(7));

    assertThat(alerts(elder, "LONG_LIE")).isEqualTo(1);
    assertThat(severity(elder, "LONG_LIE")).isEqualTo("P2");
  }

  @Test
  void givenADwellInTheBathroom_whenThePersonLeavesBeforeTheThreshold_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "lie-3", "FALL_RADAR", "bathroom");

    publish("lie-3", "dwell", event("l3-dwell", clock.instant()).put("seconds", 200));
    advance(Duration.ofSeconds(30));
    publish("lie-3", "presence", event("l3-gone", clock.instant()).put("present", false));
    advance(Duration.ofMinutes(10));

    assertThat(alerts(elder, "LONG_LIE")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'lie-3' AND rule = 'LONG_LIE'"
        + " AND cancelled_at IS NOT NULL")).isEqualTo(1);
  }

  @Test
  void givenADwellAlreadyPastTheThreshold_whenReportedAgainForTheSameStillPeriod_thenOneAlertOnly() throws Exception {
    long elder = RuleFixtures.elderWith(db, "lie-4", "FALL_RADAR", "living_room");
    Instant now = clock.instant();

    publish("lie-4", "dwell", event("l4-a", now).put("seconds", 1300));

    assertThat(alerts(elder, "LONG_LIE")).as("raised at once").isEqualTo(1);

    clock.advance(Duration.ofSeconds(100));
    publish("lie-4", "dwell", event("l4-b", clock.instant()).put("seconds", 1400));
    advance(Duration.ofMinutes(30));

    assertThat(alerts(elder, "LONG_LIE")).isEqualTo(1);
    assertThat(eventCount(elder, "LONG_LIE")).isEqualTo(1);
  }

  @Test
  void givenADwellWhoseMovementArrivesLate_whenTheTimerFires_thenTheJournalShowsMovementAndNoAlert()
      throws Exception {
    long elder = RuleFixtures.elderWith(db, "lie-5", "FALL_RADAR", "bathroom");
    Instant now = clock.instant();

    // The bed change (movement) 30 s after the dwell was stored first, out of order.
    publish("lie-5", "bed", event("l5-bed", now.plusSeconds(30)).put("state", "out"));
    publish("lie-5", "dwell", event("l5-dwell", now).put("seconds", 200));
    advance(Duration.ofMinutes(10));

    assertThat(alerts(elder, "LONG_LIE")).isZero();
  }
}
