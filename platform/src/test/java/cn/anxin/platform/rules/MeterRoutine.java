package cn.anxin.platform.rules;

import cn.anxin.platform.rules.meters.MeterKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * A seeded daily routine of one elder living alone, as their meters would report it: electricity in
 * 15-minute intervals (a fridge's ~40 W always on; wake-up ~06:30 ± 20 min with the kettle and
 * lights; cooking at lunch and dinner; television 19:00-22:00), water in 30-minute intervals (the
 * toilet ~6 L at waking and five more times a day, once at night, ~4 L cooking at each meal, a ~40 L shower every
 * other evening). Same seed, same days.
 */
public final class MeterRoutine {

  /** One meter reading: the interval that ends at {@code end}, and what was used in it. */
  public record Reading(Instant end, int minutes, double amount) {}

  private final long seed;

  public MeterRoutine(long seed) {
    this.seed = seed;
  }

  /** The day's wake-up time, 06:30 ± 20 minutes. */
  LocalTime wake(LocalDate day) {
    return LocalTime.of(6, 10).plusMinutes(random(day, 1).nextInt(41));
  }

  /** The day's electricity, 96 readings of 15 minutes (Wh). */
  public List<Reading> electricity(LocalDate day) {
    Random r = random(day, 2);
    LocalTime wake = wake(day);
    double[] wh = new double[96];
    for (int i = 0; i < 96; i++) {
      wh[i] = 10 + r.nextDouble() * 2 - 1;
    }
    int w = slot15(wake);
    wh[w] += 120;
    for (int i = 1; i <= 3; i++) {
      wh[w + i] += 20;
    }
    for (int i = slot15(LocalTime.of(11, 30)); i < slot15(LocalTime.of(12, 0)); i++) {
      wh[i] += 150;
    }
    for (int i = slot15(LocalTime.of(17, 30)); i < slot15(LocalTime.of(18, 0)); i++) {
      wh[i] += 150;
    }
    for (int i = slot15(LocalTime.of(19, 0)); i < slot15(LocalTime.of(22, 0)); i++) {
      wh[i] += 25;
    }
    return readings(day, 15, wh);
  }

  /** The day's water, 48 readings of 30 minutes (litres). */
  public List<Reading> water(LocalDate day) {
    Random r = random(day, 3);
    double[] litres = new double[48];
    litres[slot30(wake(day))] += 6;
    for (LocalTime t : List.of(LocalTime.of(2, 30), LocalTime.of(10, 0), LocalTime.of(14, 0), LocalTime.of(17, 0),
        LocalTime.of(21, 30))) {
      litres[slot30(t.plusMinutes(r.nextInt(61) - 30))] += 5 + r.nextDouble() * 2;
    }
    for (LocalTime t : List.of(LocalTime.of(7, 0), LocalTime.of(11, 30), LocalTime.of(17, 30))) {
      litres[slot30(t)] += 3 + r.nextDouble() * 2;
    }
    if (day.toEpochDay() % 2 == 0) {
      litres[slot30(LocalTime.of(20, 30))] += 35 + r.nextDouble() * 10;
    }
    return readings(day, 30, litres);
  }

  /** Some readings with their amounts changed, e.g. an empty house: {@code a -> 0.0}. */
  public static List<Reading> map(List<Reading> readings, UnaryOperator<Double> amount) {
    return readings.stream().map(x -> new Reading(x.end(), x.minutes(), amount.apply(x.amount()))).toList();
  }

  /** The readings whose interval ends in [from, to). */
  public static List<Reading> between(List<Reading> readings, Instant from, Instant to) {
    return readings.stream().filter(x -> !x.end().isBefore(from) && x.end().isBefore(to)).toList();
  }

  /**
   * Writes days of history straight into the half-hour table (as the rollup would have made it),
   * for baselines: much faster than publishing four weeks of readings.
   */
  public static void seed(DataSource db, long elderId, MeterKind kind, List<Reading> readings) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO meter_usage (elder_id, kind, bucket, amount, readings) VALUES (?, ?, ?, ?, 1)"
            + " ON CONFLICT (elder_id, kind, bucket) DO UPDATE SET amount = meter_usage.amount + EXCLUDED.amount,"
            + " readings = meter_usage.readings + 1")) {
      for (Reading x : readings) {
        Instant start = x.end().minus(Duration.ofMinutes(x.minutes()));
        s.setLong(1, elderId);
        s.setString(2, kind.name());
        s.setTimestamp(3, Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), 1800) * 1800)));
        s.setDouble(4, x.amount());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The readings of some days. */
  public List<Reading> days(LocalDate from, int days, MeterKind kind) {
    List<Reading> all = new ArrayList<>();
    for (int i = 0; i < days; i++) {
      all.addAll(kind == MeterKind.WATER ? water(from.plusDays(i)) : electricity(from.plusDays(i)));
    }
    return all;
  }

  private static List<Reading> readings(LocalDate day, int minutes, double[] amounts) {
    Instant midnight = day.atStartOfDay(RuleEngine.CARE_ZONE).toInstant();
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      readings.add(new Reading(midnight.plus(Duration.ofMinutes((long) minutes * (i + 1))), minutes,
          Math.round(amounts[i] * 10) / 10.0));
    }
    return readings;
  }

  private Random random(LocalDate day, int stream) {
    return new Random(seed * 1_000_003L + day.toEpochDay() * 31 + stream);
  }

  private static int slot15(LocalTime t) {
    return t.getHour() * 4 + t.getMinute() / 15;
  }

  private static int slot30(LocalTime t) {
    return t.getHour() * 2 + t.getMinute() / 30;
  }
}
