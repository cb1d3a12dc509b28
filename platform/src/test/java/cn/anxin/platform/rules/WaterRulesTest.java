package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.rules.meters.MeterKind;
import cn.anxin.platform.testing.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Catalogue rules 7-10 on water meter readings, and the half-hour rollup they read. */
class WaterRulesTest extends OnMeteredStack {

  @Test
  void givenAnElderWhoStopsUsingWaterAtNoon_whenTheDayPasses_thenWater12hP2AndLaterWater24hP1() throws Exception {
    long elder = elderWithMeters("dry-1");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(11);
    Instant noon = midnight(day).plus(Duration.ofHours(12));
    List<MeterRoutine.Reading> readings = new ArrayList<>(routine.water(day.minusDays(1)));
    readings.addAll(routine.water(day).stream()
        .map(r -> r.end().isAfter(noon) ? new MeterRoutine.Reading(r.end(), r.minutes(), 0.0) : r).toList());
    readings.addAll(MeterRoutine.map(routine.water(day.plusDays(1)), a -> 0.0));

    live("dry-1", MeterKind.WATER, readings, midnight(day.minusDays(1)), noon);
    live("dry-1", MeterKind.WATER, readings, noon, noon.plus(Duration.ofHours(6)));

    assertThat(alerts(elder, "WATER_12H")).as("the morning's water is still in the window").isZero();

    live("dry-1", MeterKind.WATER, readings, noon.plus(Duration.ofHours(6)), midnight(day.plusDays(1)).plusSeconds(1900));

    assertThat(alerts(elder, "WATER_12H")).isEqualTo(1);
    assertThat(severity(elder, "WATER_12H")).isEqualTo("P2");
    assertThat(alertTime(elder, "WATER_12H")).isEqualTo(dryFrom(readings, noon, 10, Duration.ofHours(12)));
    assertThat(alerts(elder, "WATER_24H")).as("24 h with less than 8 L not yet").isZero();

    live("dry-1", MeterKind.WATER, readings, midnight(day.plusDays(1)).plusSeconds(1900),
        noon.plus(Duration.ofHours(24)).plusSeconds(1900));

    assertThat(alerts(elder, "WATER_24H")).isEqualTo(1);
    assertThat(severity(elder, "WATER_24H")).isEqualTo("P1");
    assertThat(alertTime(elder, "WATER_24H")).isEqualTo(dryFrom(readings, noon, 8, Duration.ofHours(24)));
    assertThat(eventCount(elder, "WATER_12H")).as("zero readings do not repeat the alert").isEqualTo(1);
  }

  @Test
  void givenAMeterThatUploadsOnceADay_whenTheDryMomentPassesBeforeItsUpload_thenWater12hWaitsForTheReadings()
      throws Exception {
    long elder = elderWithMeters("daily-1");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(14);
    Instant noon = midnight(day).plus(Duration.ofHours(12));
    List<MeterRoutine.Reading> readings = new ArrayList<>(routine.water(day).stream()
        .map(r -> r.end().isAfter(noon) ? new MeterRoutine.Reading(r.end(), r.minutes(), 0.0) : r).toList());
    readings.addAll(MeterRoutine.map(routine.water(day.plusDays(1)), a -> 0.0));

    live("daily-1", MeterKind.WATER, readings, midnight(day), noon);
    moveTo(midnight(day.plusDays(1)).plus(Duration.ofHours(3)));

    assertThat(alerts(elder, "WATER_12H")).as("the afternoon's readings are not in yet").isZero();

    live("daily-1", MeterKind.WATER, readings, noon, midnight(day.plusDays(1)).plus(Duration.ofHours(4)));
    moveTo(midnight(day.plusDays(1)).plus(Duration.ofHours(5)));

    assertThat(alerts(elder, "WATER_12H")).isEqualTo(1);
    assertThat(alertTime(elder, "WATER_12H")).isEqualTo(dryFrom(readings, noon, 10, Duration.ofHours(12)));
  }

  @Test
  void givenAnElderWhoseRoutineGoesOn_whenADayAndANightPass_thenNoWaterAlert() throws Exception {
    long elder = elderWithMeters("dry-2");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(12);
    List<MeterRoutine.Reading> readings = routine.days(day, 2, MeterKind.WATER);

    for (int h = 6; h <= 36; h += 6) {
      live("dry-2", MeterKind.WATER, readings, midnight(day).plus(Duration.ofHours(h - 6L)),
          midnight(day).plus(Duration.ofHours(h)));
    }

    assertThat(alerts(elder, "WATER_12H")).isZero();
    assertThat(alerts(elder, "WATER_24H")).isZero();
    assertThat(alerts(elder, "CONTINUOUS_WATER")).as("an ordinary day has no 2-hour run").isZero();
    assertThat(alerts(elder, "WATER_HIGH_USE")).isZero();
  }

  @Test
  void givenAnAwayElder_whenNoWaterIsUsedForADay_thenWaterRulesAreMuted() throws Exception {
    long elder = elderWithMeters("dry-3");
    LocalDate day = freshDay();
    RuleFixtures.status(db, elder, "AWAY", day);
    MeterRoutine routine = new MeterRoutine(13);
    List<MeterRoutine.Reading> readings = new ArrayList<>(routine.water(day.minusDays(1)));
    readings.addAll(MeterRoutine.map(routine.water(day), a -> 0.0));
    readings.addAll(MeterRoutine.map(routine.water(day.plusDays(1)), a -> 0.0));

    live("dry-3", MeterKind.WATER, readings, midnight(day.minusDays(1)), midnight(day).plus(Duration.ofHours(14)));
    live("dry-3", MeterKind.WATER, readings, midnight(day).plus(Duration.ofHours(14)),
        midnight(day.plusDays(1)).plus(Duration.ofHours(6)));

    assertThat(alerts(elder, "WATER_12H")).isZero();
    assertThat(alerts(elder, "WATER_24H")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ? AND rule = 'WATER_12H'"
        + " AND outcome LIKE '%muted while elder AWAY%'", elder)).isEqualTo(1);
  }

  @Test
  void givenATapRunningForTwoHoursBeforeDawn_whenItsReadingsArriveOutOfOrder_thenOneContinuousWaterAlert()
      throws Exception {
    long elder = elderWithMeters("tap-1");
    long shorter = elderWithMeters("tap-2");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(21);
    List<MeterRoutine.Reading> tap = tap(routine.water(day), LocalTime.of(4, 0), 4, 2.0);
    List<MeterRoutine.Reading> shortTap = tap(routine.water(day), LocalTime.of(4, 0), 3, 2.0);
    moveTo(midnight(day).plus(Duration.ofHours(6)));
    List<MeterRoutine.Reading> night = MeterRoutine.between(tap, midnight(day), clock.instant().plusSeconds(1));
    List<MeterRoutine.Reading> outOfOrder = new ArrayList<>(night);
    MeterRoutine.Reading third = night.get(10);
    outOfOrder.remove(third);
    outOfOrder.add(third);

    publishReadings("tap-1", MeterKind.WATER, outOfOrder);
    publishReadings("tap-2", MeterKind.WATER, MeterRoutine.between(shortTap, midnight(day), clock.instant().plusSeconds(1)));

    assertThat(alerts(elder, "CONTINUOUS_WATER")).isEqualTo(1);
    assertThat(eventCount(elder, "CONTINUOUS_WATER")).isEqualTo(1);
    assertThat(severity(elder, "CONTINUOUS_WATER")).isEqualTo("P2");
    assertThat(alertTime(elder, "CONTINUOUS_WATER")).isEqualTo(midnight(day).plus(Duration.ofHours(6)));
    assertThat(alerts(shorter, "CONTINUOUS_WATER")).as("an hour and a half is not two hours").isZero();
  }

  @Test
  void givenMoreThanTwoCubicMetresInADay_whenTheReadingsArrive_thenOneP3HighUseAlert() throws Exception {
    long elder = elderWithMeters("high-1");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(31);
    List<MeterRoutine.Reading> readings = tap(routine.water(day), LocalTime.of(1, 0), 8, 300.0);

    live("high-1", MeterKind.WATER, readings, midnight(day), midnight(day.plusDays(1)));

    assertThat(alerts(elder, "WATER_HIGH_USE")).isEqualTo(1);
    assertThat(eventCount(elder, "WATER_HIGH_USE")).as("once a day").isEqualTo(1);
    assertThat(severity(elder, "WATER_HIGH_USE")).isEqualTo("P3");
  }

  @Test
  void givenAWaterLeakOfALitreEveryHalfHour_whenADayPasses_thenALeakAlert() throws Exception {
    long elder = elderWithMeters("leak-1");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(41);
    List<MeterRoutine.Reading> readings = MeterRoutine.map(routine.days(day, 2, MeterKind.WATER), a -> a + 1.0);

    live("leak-1", MeterKind.WATER, readings, midnight(day), midnight(day).plus(Duration.ofHours(23)));

    assertThat(alerts(elder, "WATER_HIGH_USE")).as("23 hours of flow").isZero();

    live("leak-1", MeterKind.WATER, readings, midnight(day).plus(Duration.ofHours(23)),
        midnight(day).plus(Duration.ofHours(25)));

    assertThat(alerts(elder, "WATER_HIGH_USE")).isEqualTo(1);
    assertThat(alertTime(elder, "WATER_HIGH_USE")).isEqualTo(midnight(day.plusDays(1)));
    assertThat(alerts(elder, "CONTINUOUS_WATER")).as("the first two hours of the same run").isEqualTo(1);
  }

  @Test
  void givenLateResentRolledOverAndLongReadings_whenRolledUp_thenEachHalfHourHoldsWhatWasUsedInIt()
      throws Exception {
    long elder = elderWithMeters("roll-1");
    LocalDate day = freshDay();
    Instant nine = midnight(day).plus(Duration.ofHours(9));
    moveTo(nine.plus(Duration.ofHours(2)));

    publish("wm-roll-1", "water",
        event("r-1030", nine.plus(Duration.ofMinutes(90))).put("intervalMinutes", 30).put("volumeL", 4.0)
            .put("registerL", 3.0).put("registerMaxL", 100000),
        event("r-1000", nine.plus(Duration.ofMinutes(60))).put("intervalMinutes", 60).put("volumeL", 12.0)
            .put("registerL", 99999.0).put("registerMaxL", 100000),
        event("r-1000-again", nine.plus(Duration.ofMinutes(60))).put("intervalMinutes", 60).put("volumeL", 12.0)
            .put("registerL", 99999.0).put("registerMaxL", 100000),
        event("r-1100", nine.plus(Duration.ofMinutes(120))).put("intervalMinutes", 30).put("volumeL", 90000.0)
            .put("registerL", 3.0).put("registerMaxL", 100000));

    assertThat(usage(elder, nine)).as("half of the hour's 12 L").isEqualTo(6.0);
    assertThat(usage(elder, nine.plus(Duration.ofMinutes(30)))).isEqualTo(6.0);
    assertThat(usage(elder, nine.plus(Duration.ofMinutes(60)))).as("register rolled over: the interval counts")
        .isEqualTo(4.0);
    assertThat(usage(elder, nine.plus(Duration.ofMinutes(90)))).as("90 m3 in half an hour is garbage").isNull();
    assertThat(TestRegistry.count(db, "SELECT sum(readings) FROM meter_usage WHERE elder_id = ?", elder))
        .as("the resend under another msgId is not added").isEqualTo(3);

    publish("wm-roll-1", "water", event("r-1100-corrected", nine.plus(Duration.ofMinutes(120)))
        .put("intervalMinutes", 30).put("volumeL", 9.0).put("registerL", 12.0).put("registerMaxL", 100000));

    assertThat(usage(elder, nine.plus(Duration.ofMinutes(90)))).as("the garbage frame's corrected resend counts")
        .isEqualTo(9.0);
  }

  /** The routine's readings with a tap adding {@code litres} to {@code halfHours} half hours from {@code from}. */
  private static List<MeterRoutine.Reading> tap(List<MeterRoutine.Reading> day, LocalTime from, int halfHours,
      double litres) {
    return day.stream().map(r -> {
      LocalTime start = r.end().minus(Duration.ofMinutes(30)).atZone(RuleEngine.CARE_ZONE).toLocalTime();
      boolean running = !start.isBefore(from) && start.isBefore(from.plusMinutes(30L * halfHours));
      return running ? new MeterRoutine.Reading(r.end(), r.minutes(), r.amount() + litres) : r;
    }).toList();
  }

  /**
   * When the use of the window fell below the limit, from the readings up to {@code lastUse}: the end
   * of the latest half hour from which on the use reaches the limit, plus the window.
   */
  private static Instant dryFrom(List<MeterRoutine.Reading> readings, Instant lastUse, double limit, Duration window) {
    double used = 0;
    for (int i = readings.size() - 1; i >= 0; i--) {
      MeterRoutine.Reading r = readings.get(i);
      if (r.end().isAfter(lastUse)) {
        continue;
      }
      used += r.amount();
      if (used >= limit) {
        return r.end().plus(window);
      }
    }
    throw new AssertionError("never reached " + limit);
  }

  private Double usage(long elderId, Instant bucket) throws Exception {
    try (var c = db.getConnection(); var s = c.prepareStatement(
        "SELECT amount FROM meter_usage WHERE elder_id = ? AND kind = 'WATER' AND bucket = ?")) {
      s.setLong(1, elderId);
      s.setTimestamp(2, java.sql.Timestamp.from(bucket));
      try (var r = s.executeQuery()) {
        return r.next() ? r.getDouble(1) : null;
      }
    }
  }
}
