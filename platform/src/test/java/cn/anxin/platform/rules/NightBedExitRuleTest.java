package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Catalogue rule 6: out of bed at night (22:00-06:00) and not back within 30 minutes. */
class NightBedExitRuleTest extends OnClockedStack {

  private static final String RULE = "NIGHT_BED_EXIT";

  @Test
  void givenAnOutOfBedAt23_whenNotBackIn30Minutes_thenAP2Alert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "bed-1", "FALL_RADAR", "bedroom");
    at(LocalTime.of(23, 0));

    publish("bed-1", "bed", event("b1-out", clock.instant()).put("state", "out"));
    advance(Duration.ofMinutes(29));
    assertThat(alerts(elder, RULE)).as("29 minutes").isZero();

    advance(Duration.ofMinutes(2));
    assertThat(alerts(elder, RULE)).isEqualTo(1);
    assertThat(severity(elder, RULE)).isEqualTo("P2");
  }

  @Test
  void givenAnOutOfBedAt2_whenBackIn20Minutes_thenNoAlertAndTheTimerIsCancelled() throws Exception {
    long elder = RuleFixtures.elderWith(db, "bed-2", "FALL_RADAR", "bedroom");
    at(LocalTime.of(2, 0));

    publish("bed-2", "bed", event("b2-out", clock.instant()).put("state", "out"));
    advance(Duration.ofMinutes(20));
    publish("bed-2", "bed", event("b2-in", clock.instant()).put("state", "in"));
    advance(Duration.ofMinutes(30));

    assertThat(alerts(elder, RULE)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'bed-2' AND rule = ?"
        + " AND cancelled_at IS NOT NULL", RULE)).isEqualTo(1);
  }

  @Test
  void givenAnOutOfBedInTheAfternoon_whenNotBackForAnHour_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "bed-3", "FALL_RADAR", "bedroom");
    at(LocalTime.of(14, 0));

    publish("bed-3", "bed", event("b3-out", clock.instant()).put("state", "out"));
    advance(Duration.ofMinutes(60));

    assertThat(alerts(elder, RULE)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'bed-3' AND rule = ?",
        RULE)).isZero();
  }

  @Test
  void givenAnElderWithDementia_whenOutOfBedAtNightFor30Minutes_thenP1() throws Exception {
    long elder = RuleFixtures.elderWith(db, "bed-4", "FALL_RADAR", "bedroom");
    RuleFixtures.categories(db, elder, "DEMENTIA");
    at(LocalTime.of(3, 30));

    publish("bed-4", "bed", event("b4-out", clock.instant()).put("state", "out"));
    advance(Duration.ofMinutes(31));

    assertThat(alerts(elder, RULE)).isEqualTo(1);
    assertThat(severity(elder, RULE)).isEqualTo("P1");
  }

  @Test
  void givenTheReturnToBedStoredBeforeTheExit_whenTheTimerFires_thenTheJournalShowsTheReturnAndNoAlert()
      throws Exception {
    long elder = RuleFixtures.elderWith(db, "bed-5", "FALL_RADAR", "bedroom");
    at(LocalTime.of(23, 30));
    Instant out = clock.instant();

    // The return 10 minutes later arrives first (out of order), then the exit itself.
    publish("bed-5", "bed", event("b5-in", out.plus(Duration.ofMinutes(10))).put("state", "in"));
    clock.advance(Duration.ofMinutes(11));
    publish("bed-5", "bed", event("b5-out", out).put("state", "out"));
    advance(Duration.ofMinutes(30));

    assertThat(alerts(elder, RULE)).isZero();
  }

  @Test
  void givenAReturnToBedAfterTheAllowanceThatArrivesBeforeTheTimerFires_whenItFires_thenTheAlertIsRaised()
      throws Exception {
    long elder = RuleFixtures.elderWith(db, "bed-6", "FALL_RADAR", "bedroom");
    at(LocalTime.of(0, 30));
    Instant out = clock.instant();

    publish("bed-6", "bed", event("b6-out", out).put("state", "out"));
    clock.advance(Duration.ofMinutes(46)); // the platform fell behind: the timer has not fired yet
    publish("bed-6", "bed", event("b6-in", out.plus(Duration.ofMinutes(45))).put("state", "in"));
    advance(Duration.ofMinutes(1));

    assertThat(alerts(elder, RULE)).as("back after 45 minutes, not within 30").isEqualTo(1);
  }

  /** Moves the clock forward to the next time of day (elders' local time). */
  private void at(LocalTime time) {
    ZonedDateTime now = clock.instant().atZone(RuleEngine.CARE_ZONE);
    ZonedDateTime next = now.with(time);
    if (!next.isAfter(now)) {
      next = next.plusDays(1);
    }
    clock.set(next.toInstant());
  }
}
