package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.rules.meters.MeterKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Catalogue rules 11-13 on electricity (and water) readings against the elder's own 28-day
 * baseline: four weeks of a seeded routine are written into the half-hour table, the days under
 * test are published over MQTT while the clock moves.
 */
class ElectricityRulesTest extends OnMeteredStack {

  @Test
  void givenALearnedRoutine_whenTheMorningDoesNotStart_thenElectricityInactiveP2AnHourAfterTheUsualStart()
      throws Exception {
    long still = elderWithMeters("morning-1");
    long usual = elderWithMeters("morning-2");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(51);
    MeterRoutine.seed(db, still, MeterKind.ELECTRICITY, routine.days(day.minusDays(28), 28, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, usual, MeterKind.ELECTRICITY, routine.days(day.minusDays(28), 28, MeterKind.ELECTRICITY));
    List<MeterRoutine.Reading> fridgeOnly = MeterRoutine.map(routine.electricity(day), a -> 10.0);
    List<MeterRoutine.Reading> normal = routine.electricity(day);

    Instant seven = midnight(day).plus(Duration.ofHours(7));
    feed("morning-1", MeterKind.ELECTRICITY, fridgeOnly, midnight(day), seven);
    live("morning-2", MeterKind.ELECTRICITY, normal, midnight(day), seven);

    assertThat(alerts(still, "ELECTRICITY_INACTIVE")).as("not yet an hour past the usual start").isZero();

    Instant ten = midnight(day).plus(Duration.ofHours(10));
    feed("morning-1", MeterKind.ELECTRICITY, fridgeOnly, seven, ten);
    live("morning-2", MeterKind.ELECTRICITY, normal, seven, ten);

    assertThat(alerts(still, "ELECTRICITY_INACTIVE")).isEqualTo(1);
    assertThat(severity(still, "ELECTRICITY_INACTIVE")).isEqualTo("P2");
    LocalTime dueAt = LocalTime.ofInstant(alertTime(still, "ELECTRICITY_INACTIVE"), RuleEngine.CARE_ZONE);
    assertThat(dueAt).as("the usual start (about 06:30-07:00) plus an hour").isBetween(LocalTime.of(7, 30),
        LocalTime.of(8, 0));
    assertThat(alerts(usual, "ELECTRICITY_INACTIVE")).isZero();
  }

  @Test
  void givenOnlyTenDaysOfHistory_whenTheMorningDoesNotStart_thenTheBaselineClausesStaySilent() throws Exception {
    long learning = elderWithMeters("learn-1");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(52);
    MeterRoutine.seed(db, learning, MeterKind.ELECTRICITY, routine.days(day.minusDays(10), 10, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, learning, MeterKind.WATER, routine.days(day.minusDays(10), 10, MeterKind.WATER));
    List<MeterRoutine.Reading> fridgeOnly = MeterRoutine.map(routine.days(day, 2, MeterKind.ELECTRICITY), a -> 10.0);

    live("learn-1", MeterKind.ELECTRICITY, fridgeOnly, midnight(day), midnight(day).plus(Duration.ofHours(12)));
    live("learn-1", MeterKind.ELECTRICITY, fridgeOnly, midnight(day).plus(Duration.ofHours(12)),
        midnight(day.plusDays(1)).plus(Duration.ofHours(8)));

    assertThat(alerts(learning, "ELECTRICITY_INACTIVE")).isZero();
    assertThat(alerts(learning, "NIGHT_ELECTRICITY")).isZero();
    assertThat(alerts(learning, "ROUTINE_DRIFT")).isZero();
  }

  @Test
  void givenADayWithLittleBesidesTheFridge_whenItEnds_thenElectricityInactiveForTheDayBelowTheLowBand()
      throws Exception {
    long quiet = elderWithMeters("low-day-1");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(53);
    MeterRoutine.seed(db, quiet, MeterKind.ELECTRICITY, routine.days(day.minusDays(28), 28, MeterKind.ELECTRICITY));
    Instant nine = midnight(day).plus(Duration.ofHours(9));
    List<MeterRoutine.Reading> readings = routine.electricity(day).stream()
        .map(r -> r.end().isAfter(nine) ? new MeterRoutine.Reading(r.end(), r.minutes(), 10.0) : r).toList();

    live("low-day-1", MeterKind.ELECTRICITY, readings, midnight(day), nine.plus(Duration.ofHours(3)));

    assertThat(alerts(quiet, "ELECTRICITY_INACTIVE")).as("the morning started").isZero();

    live("low-day-1", MeterKind.ELECTRICITY, readings, nine.plus(Duration.ofHours(3)),
        midnight(day.plusDays(1)).plus(Duration.ofMinutes(90)));

    assertThat(alerts(quiet, "ELECTRICITY_INACTIVE")).isEqualTo(1);
    assertThat(alertTime(quiet, "ELECTRICITY_INACTIVE")).isEqualTo(midnight(day.plusDays(1)));
  }

  @Test
  void givenAMeterThatUploadsItsEveningLate_whenTheDayEnds_thenTheReviewWaitsForItAndJudgesTheDayOnce()
      throws Exception {
    long quiet = elderWithMeters("low-day-2");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(60);
    MeterRoutine.seed(db, quiet, MeterKind.ELECTRICITY, routine.days(day.minusDays(28), 28, MeterKind.ELECTRICITY));
    Instant nine = midnight(day).plus(Duration.ofHours(9));
    List<MeterRoutine.Reading> readings = routine.electricity(day).stream()
        .map(r -> r.end().isAfter(nine) ? new MeterRoutine.Reading(r.end(), r.minutes(), 10.0) : r).toList();
    Instant six = midnight(day).plus(Duration.ofHours(18));
    Instant next = midnight(day.plusDays(1));

    live("low-day-2", MeterKind.ELECTRICITY, readings, midnight(day), six);
    moveTo(next.plus(Duration.ofMinutes(90)));

    assertThat(alerts(quiet, "ELECTRICITY_INACTIVE")).as("the evening's readings are not in yet").isZero();

    live("low-day-2", MeterKind.ELECTRICITY, readings, six, next.plus(Duration.ofHours(3)));

    assertThat(alerts(quiet, "ELECTRICITY_INACTIVE")).isEqualTo(1);

    publishReadings("low-day-2", MeterKind.ELECTRICITY,
        List.of(new MeterRoutine.Reading(next.minus(Duration.ofMinutes(10)), 5, 1.0)));
    moveTo(next.plus(Duration.ofHours(5)));

    assertThat(cn.anxin.platform.testing.TestRegistry.count(db, "SELECT sum(event_count) FROM alert"
        + " WHERE elder_id = ? AND rule = 'ELECTRICITY_INACTIVE'", quiet)).as("a late reading re-judges nothing")
        .isEqualTo(1);
    assertThat(cn.anxin.platform.testing.TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ?"
        + " AND rule = 'ELECTRICITY_INACTIVE' AND purpose = 'day:" + day + "' AND outcome LIKE '%judged already%'", quiet))
        .isEqualTo(1);
  }

  @Test
  void givenAHeaterLeftOnFourHoursOneNight_whenTheNightEnds_thenNightElectricityP3AndNotForAnOrdinaryNight()
      throws Exception {
    long heater = elderWithMeters("night-1");
    long ordinary = elderWithMeters("night-2");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(54);
    MeterRoutine.seed(db, heater, MeterKind.ELECTRICITY, routine.days(day.minusDays(28), 28, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, ordinary, MeterKind.ELECTRICITY, routine.days(day.minusDays(28), 28, MeterKind.ELECTRICITY));
    Instant ten = midnight(day).minus(Duration.ofHours(2));
    List<MeterRoutine.Reading> night = routine.electricity(day);
    List<MeterRoutine.Reading> heated = night.stream()
        .map(r -> r.end().isAfter(midnight(day)) && !r.end().isAfter(midnight(day).plus(Duration.ofHours(4)))
            ? new MeterRoutine.Reading(r.end(), r.minutes(), r.amount() + 200) : r).toList();

    Instant eight = midnight(day).plus(Duration.ofHours(8));
    feed("night-1", MeterKind.ELECTRICITY, heated, ten, eight);
    live("night-2", MeterKind.ELECTRICITY, night, ten, eight);

    assertThat(alerts(heater, "NIGHT_ELECTRICITY")).isEqualTo(1);
    assertThat(severity(heater, "NIGHT_ELECTRICITY")).isEqualTo("P3");
    assertThat(alertTime(heater, "NIGHT_ELECTRICITY")).isEqualTo(midnight(day).plus(Duration.ofHours(6)));
    assertThat(alerts(ordinary, "NIGHT_ELECTRICITY")).isZero();
  }

  @Test
  void givenThreeNightsAboveThePersonalP95_whenTheThirdEnds_thenNightElectricityButNotWhileLearning()
      throws Exception {
    long restless = elderWithMeters("p95-1");
    long learning = elderWithMeters("p95-2");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(55);
    MeterRoutine.seed(db, restless, MeterKind.ELECTRICITY, routine.days(day.minusDays(30), 28, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, learning, MeterKind.ELECTRICITY, routine.days(day.minusDays(7), 5, MeterKind.ELECTRICITY));
    List<MeterRoutine.Reading> restlessNights = restless(routine.days(day.minusDays(2), 3, MeterKind.ELECTRICITY));
    for (long elder : List.of(restless, learning)) {
      MeterRoutine.seed(db, elder, MeterKind.ELECTRICITY,
          MeterRoutine.between(restlessNights, midnight(day.minusDays(2)), midnight(day)));
    }
    Instant eight = midnight(day).plus(Duration.ofHours(8));

    feed("p95-1", MeterKind.ELECTRICITY, restlessNights, midnight(day), eight);
    live("p95-2", MeterKind.ELECTRICITY, restlessNights, midnight(day), eight);

    assertThat(alerts(restless, "NIGHT_ELECTRICITY")).isEqualTo(1);
    assertThat(alerts(learning, "NIGHT_ELECTRICITY")).as("5 days are still learning").isZero();
  }

  @Test
  void givenAWeekOfHalfTheUsualActivity_whenTheDayEnds_thenRoutineDriftP3ButNotForTheUsualWeek() throws Exception {
    long drifting = elderWithMeters("drift-1");
    long steady = elderWithMeters("drift-2");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(56);
    for (long elder : List.of(drifting, steady)) {
      MeterRoutine.seed(db, elder, MeterKind.ELECTRICITY, routine.days(day.minusDays(34), 28, MeterKind.ELECTRICITY));
      MeterRoutine.seed(db, elder, MeterKind.WATER, routine.days(day.minusDays(34), 28, MeterKind.WATER));
    }
    MeterRoutine.seed(db, drifting, MeterKind.ELECTRICITY,
        halfActive(routine.days(day.minusDays(6), 6, MeterKind.ELECTRICITY)));
    MeterRoutine.seed(db, drifting, MeterKind.WATER, halfActive(routine.days(day.minusDays(6), 6, MeterKind.WATER)));
    MeterRoutine.seed(db, steady, MeterKind.ELECTRICITY, routine.days(day.minusDays(6), 6, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, steady, MeterKind.WATER, routine.days(day.minusDays(6), 6, MeterKind.WATER));
    Instant end = midnight(day.plusDays(1)).plus(Duration.ofMinutes(90));

    feed("drift-1", MeterKind.ELECTRICITY, halfActive(routine.electricity(day)), midnight(day), end);
    feed("drift-1", MeterKind.WATER, halfActive(routine.water(day)), midnight(day), end);
    feed("drift-2", MeterKind.ELECTRICITY, routine.electricity(day), midnight(day), end);
    live("drift-2", MeterKind.WATER, routine.water(day), midnight(day), end);

    assertThat(alerts(drifting, "ROUTINE_DRIFT")).isEqualTo(1);
    assertThat(severity(drifting, "ROUTINE_DRIFT")).isEqualTo("P3");
    assertThat(alerts(steady, "ROUTINE_DRIFT")).isZero();
  }

  @Test
  void givenAWaterMeterThatWentSilent_whenTheDayEndsWithUsualElectricity_thenNoRoutineDrift() throws Exception {
    long elder = elderWithMeters("drift-3");
    LocalDate day = freshDay();
    MeterRoutine routine = new MeterRoutine(58);
    MeterRoutine.seed(db, elder, MeterKind.ELECTRICITY, routine.days(day.minusDays(34), 28, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, elder, MeterKind.WATER, routine.days(day.minusDays(34), 28, MeterKind.WATER));
    MeterRoutine.seed(db, elder, MeterKind.ELECTRICITY, routine.days(day.minusDays(6), 6, MeterKind.ELECTRICITY));

    live("drift-3", MeterKind.ELECTRICITY, routine.electricity(day), midnight(day),
        midnight(day.plusDays(1)).plus(Duration.ofMinutes(90)));

    assertThat(alerts(elder, "ROUTINE_DRIFT")).as("the water meter's silence is not a drop in activity").isZero();
    assertThat(cn.anxin.platform.testing.TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ?"
        + " AND rule = 'ROUTINE_DRIFT' AND fired_at IS NOT NULL", elder)).as("the day was judged").isPositive();
  }

  @Test
  void givenAnElderInHospital_whenTheirMeterShowsNoActivity_thenElectricityInactiveAndRoutineDriftAreMuted()
      throws Exception {
    long away = elderWithMeters("mute-e1");
    LocalDate day = freshDay();
    RuleFixtures.status(db, away, "HOSPITAL", day.minusDays(6));
    MeterRoutine routine = new MeterRoutine(57);
    MeterRoutine.seed(db, away, MeterKind.ELECTRICITY, routine.days(day.minusDays(34), 28, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, away, MeterKind.ELECTRICITY,
        MeterRoutine.map(routine.days(day.minusDays(6), 6, MeterKind.ELECTRICITY), a -> 10.0));
    List<MeterRoutine.Reading> fridgeOnly = MeterRoutine.map(routine.electricity(day), a -> 10.0);

    live("mute-e1", MeterKind.ELECTRICITY, fridgeOnly, midnight(day), midnight(day.plusDays(1)).plus(Duration.ofHours(2)));

    assertThat(alerts(away, "ELECTRICITY_INACTIVE")).isZero();
    assertThat(alerts(away, "ROUTINE_DRIFT")).isZero();
    assertThat(cn.anxin.platform.testing.TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ?"
        + " AND rule IN ('ELECTRICITY_INACTIVE', 'ROUTINE_DRIFT') AND outcome LIKE '%muted while elder HOSPITAL%'",
        away)).as("they would have raised").isGreaterThanOrEqualTo(2);
  }

  @Test
  void givenAHospitalStayEndingOnTheJudgedDay_whenItsReviewFiresAfterMidnight_thenRoutineDriftIsMuted()
      throws Exception {
    long back = elderWithMeters("mute-e2");
    LocalDate day = freshDay();
    RuleFixtures.status(db, back, "HOSPITAL", day.minusDays(6), day);
    MeterRoutine routine = new MeterRoutine(59);
    MeterRoutine.seed(db, back, MeterKind.ELECTRICITY, routine.days(day.minusDays(34), 28, MeterKind.ELECTRICITY));
    MeterRoutine.seed(db, back, MeterKind.ELECTRICITY,
        MeterRoutine.map(routine.days(day.minusDays(6), 6, MeterKind.ELECTRICITY), a -> 10.0));

    live("mute-e2", MeterKind.ELECTRICITY, MeterRoutine.map(routine.electricity(day), a -> 10.0), midnight(day),
        midnight(day.plusDays(1)).plus(Duration.ofHours(2)));

    assertThat(alerts(back, "ROUTINE_DRIFT")).as("the week judged was spent in hospital").isZero();
    assertThat(cn.anxin.platform.testing.TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ?"
        + " AND rule = 'ROUTINE_DRIFT' AND outcome LIKE '%muted while elder HOSPITAL%'", back))
        .as("it would have raised").isEqualTo(1);
  }

  /** Two hours of a 250 W appliance from 23:00 each night (not continuous for three hours). */
  private static List<MeterRoutine.Reading> restless(List<MeterRoutine.Reading> days) {
    return days.stream().map(r -> {
      LocalTime end = LocalTime.ofInstant(r.end(), RuleEngine.CARE_ZONE);
      boolean on = end.isAfter(LocalTime.of(23, 0)) || end.equals(LocalTime.MIDNIGHT)
          || (end.isBefore(LocalTime.of(1, 0)) && end.isAfter(LocalTime.MIDNIGHT));
      return on ? new MeterRoutine.Reading(r.end(), r.minutes(), r.amount() + 62) : r;
    }).toList();
  }

  /** Every other active reading of the routine leaves out what was used beyond the fridge's and a trickle. */
  private static List<MeterRoutine.Reading> halfActive(List<MeterRoutine.Reading> readings) {
    int[] n = {0};
    return readings.stream().map(r -> {
      boolean active = r.minutes() == 15 ? r.amount() > 15 : r.amount() > 0.5;
      if (active && n[0]++ % 2 == 0) {
        return new MeterRoutine.Reading(r.end(), r.minutes(), r.minutes() == 15 ? 10.0 : 0.0);
      }
      return r;
    }).toList();
  }
}
