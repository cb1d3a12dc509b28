package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.RuleEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * An elder's personal baseline of one kind for a day: the half hours of the {@link #DAYS} days before
 * it (China Standard Time), as a profile per half-hour slot of the day (weekday-agnostic) and the
 * figures the baseline rules compare with. A rule stays silent on its baseline clause until the
 * baseline has {@code learningDays} days with data ({@link #daysWithData}).
 */
public final class MeterBaseline {

  /** How far back a baseline reaches. */
  public static final int DAYS = 28;
  /** Slots of a day. */
  public static final int SLOTS = 48;
  /** Mornings begin at 04:00; earlier use is the night's. */
  static final LocalTime MORNING_FROM = LocalTime.of(4, 0);
  /** The night a day ends with: 22:00 the day before to 06:00. */
  public static final LocalTime NIGHT_FROM = LocalTime.of(22, 0);
  public static final LocalTime NIGHT_TO = LocalTime.of(6, 0);

  private final LocalDate day;
  /**
   * The half hours of the baseline's days, in order from {@link #start}; NaN where nothing was
   * reported. An array, not a map: thousands of baselines are cached (China Standard Time has no
   * daylight saving, so every day has the same 48 slots).
   */
  private final double[] halfHours = new double[DAYS * SLOTS];
  private final boolean[] dayHasData = new boolean[DAYS];
  private final double[] slotSum = new double[SLOTS];
  private final int[] slotCount = new int[SLOTS];
  private final double floor;

  private MeterBaseline(LocalDate day, NavigableMap<Instant, Double> buckets) {
    this.day = day;
    java.util.Arrays.fill(halfHours, Double.NaN);
    Instant first = start(day);
    List<Double> amounts = new ArrayList<>(buckets.size());
    buckets.forEach((at, amount) -> {
      long index = Duration.between(first, at).toMinutes() / 30;
      if (index < 0 || index >= halfHours.length) {
        return;
      }
      halfHours[(int) index] = amount;
      dayHasData[(int) index / SLOTS] = true;
      amounts.add(amount);
      int slot = slot(at);
      slotSum[slot] += amount;
      slotCount[slot]++;
    });
    this.floor = percentile(amounts, 10);
  }

  static MeterBaseline of(LocalDate day, NavigableMap<Instant, Double> buckets) {
    return new MeterBaseline(day, buckets);
  }

  /** The first instant a baseline for {@code day} reads. */
  public static Instant start(LocalDate day) {
    return midnight(day.minusDays(DAYS));
  }

  /** The end (exclusive) of what a baseline for {@code day} reads: the day's own midnight. */
  public static Instant end(LocalDate day) {
    return midnight(day);
  }

  public static Instant midnight(LocalDate day) {
    return day.atStartOfDay(RuleEngine.CARE_ZONE).toInstant();
  }

  /** The half-hour slot of the day (0-47) an instant falls in, China Standard Time. */
  public static int slot(Instant at) {
    LocalTime t = at.atZone(RuleEngine.CARE_ZONE).toLocalTime();
    return t.getHour() * 2 + t.getMinute() / 30;
  }

  public LocalDate day() {
    return day;
  }

  /** Days of the baseline with at least one half hour reported (zero use counts as reported). */
  public int daysWithData() {
    int days = 0;
    for (boolean has : dayHasData) {
      days += has ? 1 : 0;
    }
    return days;
  }

  /** Whether the baseline has enough days to judge by ({@code learningDays}, at most {@link #DAYS}). */
  public boolean learned(int learningDays) {
    return daysWithData() >= Math.min(learningDays, DAYS);
  }

  /** The mean amount of a slot over the days it was reported. */
  public double slotMean(int slot) {
    return slotCount[slot] == 0 ? 0 : slotSum[slot] / slotCount[slot];
  }

  /** The always-on floor: the 10th percentile of the half hours (a fridge's ~20 Wh). */
  public double floor() {
    return floor;
  }

  /** Whether a half hour's amount is activity: at least {@code margin} above the floor. */
  public boolean active(double amount, double margin) {
    return amount >= floor + margin;
  }

  /** Active half hours per day with data. */
  public List<Integer> dailyActive(double margin) {
    List<Integer> counts = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      if (dayHasData[d]) {
        int active = 0;
        for (int i = d * SLOTS; i < (d + 1) * SLOTS; i++) {
          active += !Double.isNaN(halfHours[i]) && active(halfHours[i], margin) ? 1 : 0;
        }
        counts.add(active);
      }
    }
    return counts;
  }

  /**
   * The usual start of the morning: the median, over the days with data, of the first active half
   * hour's end from 04:00 on, as a time of day; empty without any.
   */
  public Optional<Duration> usualMorningStart(double margin) {
    List<Long> starts = new ArrayList<>();
    int morning = MORNING_FROM.getHour() * 2 + MORNING_FROM.getMinute() / 30;
    for (int d = 0; d < DAYS; d++) {
      if (!dayHasData[d]) {
        continue;
      }
      for (int slot = morning; slot < SLOTS; slot++) {
        double amount = halfHours[d * SLOTS + slot];
        if (!Double.isNaN(amount) && active(amount, margin)) {
          starts.add((slot + 1) * MeterUsage.BUCKET.toMinutes());
          break;
        }
      }
    }
    if (starts.isEmpty()) {
      return Optional.empty();
    }
    Collections.sort(starts);
    return Optional.of(Duration.ofMinutes(starts.get(starts.size() / 2)));
  }

  /** The nights in the baseline (ending on its days, started within it), each its total amount. */
  public List<Double> nightTotals() {
    List<Double> totals = new ArrayList<>();
    int from = NIGHT_FROM.getHour() * 2 + NIGHT_FROM.getMinute() / 30;
    int to = NIGHT_TO.getHour() * 2 + NIGHT_TO.getMinute() / 30;
    for (int d = 1; d < DAYS; d++) {
      double total = 0;
      boolean reported = false;
      for (int i = (d - 1) * SLOTS + from; i < d * SLOTS + to; i++) {
        if (!Double.isNaN(halfHours[i])) {
          total += halfHours[i];
          reported = true;
        }
      }
      if (reported) {
        totals.add(total);
      }
    }
    return totals;
  }

  /** The start of the night that ends on the morning of {@code d}. */
  public static Instant nightStart(LocalDate d) {
    return d.minusDays(1).atTime(NIGHT_FROM).atZone(RuleEngine.CARE_ZONE).toInstant();
  }

  public static Instant nightEnd(LocalDate d) {
    return d.atTime(NIGHT_TO).atZone(RuleEngine.CARE_ZONE).toInstant();
  }

  /** The p-th percentile (nearest rank) of some values; 0 when there are none. */
  public static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
