package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Catalogue rule 5: HR below 40 or above 130, RR below 8 or above 30 for 5 min, or no breath for 60 s, in bed. */
class AbnormalVitalsRuleTest extends OnClockedStack {

  @Test
  void givenAHeartRateAbove130_whenItLasts5Minutes_thenAP1Alert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "vit-1", "FALL_RADAR", "bedroom");

    publish("vit-1", "vitals", series("v1", 0, 300, 60, 150, 16, true));

    assertThat(alerts(elder, "ABNORMAL_VITALS")).isEqualTo(1);
    assertThat(severity(elder, "ABNORMAL_VITALS")).isEqualTo("P1");
  }

  @Test
  void givenAHeartRateAbove130_whenItLastsOnly4Minutes_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "vit-2", "FALL_RADAR", "bedroom");

    publish("vit-2", "vitals", series("v2", 60, 300, 60, 150, 16, true));

    assertThat(alerts(elder, "ABNORMAL_VITALS")).isZero();
  }

  @Test
  void givenAnAbnormalRunBrokenByANormalReading_whenTheRunEnds_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "vit-3", "FALL_RADAR", "bedroom");
    Instant start = clock.instant().minusSeconds(300);

    publish("vit-3", "vitals",
        vitals("v3-0", start, 35, 16, true),
        vitals("v3-1", start.plusSeconds(60), 36, 16, true),
        vitals("v3-2", start.plusSeconds(120), 62, 16, true),
        vitals("v3-3", start.plusSeconds(180), 34, 16, true),
        vitals("v3-4", start.plusSeconds(240), 33, 16, true),
        vitals("v3-5", start.plusSeconds(300), 33, 16, true));

    assertThat(alerts(elder, "ABNORMAL_VITALS")).isZero();
  }

  @Test
  void givenNoBreathInBed_whenItLasts60Seconds_thenAP1Alert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "vit-4", "FALL_RADAR", "bedroom");

    publish("vit-4", "vitals", series("v4", 0, 60, 20, 70, 0, true));

    assertThat(alerts(elder, "ABNORMAL_VITALS")).isEqualTo(1);
  }

  @Test
  void givenNoBreathFor40Seconds_whenBreathingResumes_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "vit-5", "FALL_RADAR", "bedroom");

    publish("vit-5", "vitals", series("v5", 20, 60, 20, 70, 0, true));

    assertThat(alerts(elder, "ABNORMAL_VITALS")).isZero();
  }

  @Test
  void givenAbnormalReadingsOutOfBed_whenTheyLast5Minutes_thenNoAlert() throws Exception {
    long elder = RuleFixtures.elderWith(db, "vit-6", "FALL_RADAR", "living_room");

    publish("vit-6", "vitals", series("v6", 0, 300, 60, 150, 40, false));

    assertThat(alerts(elder, "ABNORMAL_VITALS")).isZero();
  }

  /** Readings every {@code step} seconds over the last {@code span} seconds, its first {@code skipFirst} seconds left out. */
  private JsonObject[] series(String prefix, int skipFirst, int span, int step, int hr, int rr, boolean inBed) {
    Instant start = clock.instant().minusSeconds(span);
    int n = (span - skipFirst) / step + 1;
    JsonObject[] readings = new JsonObject[n];
    for (int i = 0; i < n; i++) {
      readings[i] = vitals(prefix + "-" + i, start.plusSeconds(skipFirst + (long) i * step), hr, rr, inBed);
    }
    return readings;
  }

  private static JsonObject vitals(String msgId, Instant at, int hr, int rr, boolean inBed) {
    return event(msgId, at).put("heartRate", hr).put("breathingRate", rr).put("inBed", inBed);
  }
}
