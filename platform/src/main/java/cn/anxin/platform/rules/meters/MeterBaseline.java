package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.RuleEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

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
  private final NavigableMap<Instant, Double> buckets;
  private final Map<LocalDate, List<Double>> byDay = new TreeMap<>();
  private final double[] slotSum = new double[SLOTS];
  private final int[] slotCount = new int[SLOTS];
  private final double floor;

  private MeterBaseline(LocalDate day, NavigableMap<Instant, Double> buckets) {
    this.day = day;
    this.buckets = buckets;
    List<Double> amounts = new ArrayList<>(buckets.values());
    buckets.forEach((at, amount) -> {
      ZonedDateTime local = at.atZone(RuleEngine.CARE_ZONE);
      byDay.computeIfAbsent(local.toLocalDate(), d -> new ArrayList<>()).add(amount);
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
    return byDay.size();
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
    byDay.values().forEach(amounts -> counts.add((int) amounts.stream().filter(a -> active(a, margin)).count()));
    return counts;
  }

  /**
   * The usual start of the morning: the median, over the days with data, of the first active half
   * hour's end from 04:00 on, as a time of day; empty without any.
   */
  public Optional<Duration> usualMorningStart(double margin) {
    List<Long> starts = new ArrayList<>();
    for (LocalDate d : byDay.keySet()) {
      Instant from = d.atTime(MORNING_FROM).atZone(RuleEngine.CARE_ZONE).toInstant();
      buckets.subMap(from, true, midnight(d.plusDays(1)), false).entrySet().stream()
          .filter(e -> active(e.getValue(), margin)).findFirst()
          .ifPresent(e -> starts.add(Duration.between(midnight(d), e.getKey().plus(MeterUsage.BUCKET)).toMinutes()));
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
    for (LocalDate d = day.minusDays(DAYS - 1); d.isBefore(day); d = d.plusDays(1)) {
      NavigableMap<Instant, Double> night = buckets.subMap(nightStart(d), true, nightEnd(d), false);
      if (!night.isEmpty()) {
        totals.add(night.values().stream().mapToDouble(Double::doubleValue).sum());
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
