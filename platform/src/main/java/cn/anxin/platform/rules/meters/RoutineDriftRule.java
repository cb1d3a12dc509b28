package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.Rule;
import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEvent;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.DueTimer;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;

/**
 * Catalogue rule 13, routine drift (P3): the elder's activity over the last 7 days at least
 * {@code dropPercent} (30 %) below their baseline of the 28 days before. Activity per day is the
 * count of half hours with water use plus those with electricity at least {@code activeMarginWh}
 * above the always-on floor; the 7-day figure is the mean over the days with readings (at least 5).
 * Each meter counts only when its baseline is learned and it reported on at least 5 of the 7 days,
 * on both sides of the comparison, so a silent meter does not read as a drop in activity.
 * Judged an hour after each midnight by a durable timer per elder and day ({@code day:<day>}) armed
 * by the day's readings; silent until the baseline has {@code learningDays} days with data.
 */
public final class RoutineDriftRule implements Rule {

  public static final String CODE = "ROUTINE_DRIFT";
  static final int RECENT_DAYS = 7;
  static final int MIN_RECENT_DAYS = 5;

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    var metered = context.metered().filter(m -> m.skipped().isEmpty());
    if (metered.isEmpty()) {
      return;
    }
    LocalDate day = MeterRuleSupport.localDay(event.eventTime());
    MeterRuleSupport.arm(context, CODE, "day:" + day,
        MeterBaseline.midnight(day.plusDays(1)).plus(MeterRuleSupport.DAY_END_GRACE), event);
  }

  @Override
  public java.util.Optional<LocalDate> judgedDay(DueTimer timer) {
    return java.util.Optional.of(MeterRuleSupport.dayOf(timer));
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    RuleSettings settings = context.settings();
    LocalDate day = MeterRuleSupport.dayOf(timer);
    LocalDate first = day.minusDays(RECENT_DAYS - 1L);
    long elder = context.elder().elderId();
    int margin = settings.integer("activeMarginWh");
    if (MeterRuleSupport.notYet(context, timer, MeterBaseline.midnight(day.plusDays(1)), MeterKind.WATER,
        MeterKind.ELECTRICITY)) {
      return;
    }
    MeterBaseline water = context.meters().baseline(elder, MeterKind.WATER, first);
    MeterBaseline power = context.meters().baseline(elder, MeterKind.ELECTRICITY, first);
    int learning = settings.integer("learningDays");
    if (!water.learned(learning) && !power.learned(learning)) {
      context.note(CODE + ": learning");
      return;
    }
    Activity w = activity(context, elder, MeterKind.WATER, water, first, day, learning,
        a -> a >= MeterRuleSupport.WATER_USE_LITRES, MeterRuleSupport.WATER_USE_LITRES - water.floor());
    Activity p = activity(context, elder, MeterKind.ELECTRICITY, power, first, day, learning,
        a -> power.active(a, margin), margin);
    double baseline = w.baseline() + p.baseline();
    double recent = w.recent() + p.recent();
    if (w.days() == 0 && p.days() == 0 || baseline <= 0) {
      context.note(CODE + ": " + Math.max(w.seen(), p.seen()) + " recent days with data, baseline " + baseline);
      return;
    }
    double limit = baseline * (100 - settings.integer("dropPercent")) / 100.0;
    if (recent <= limit) {
      context.note(CODE + ": " + Math.round(recent * 10) / 10.0 + " active half hours a day over 7 days against "
          + Math.round(baseline * 10) / 10.0);
      MeterRuleSupport.raise(context, CODE, settings.severity(), timer, MeterBaseline.midnight(day.plusDays(1)));
    }
  }

  /**
   * One meter's share of the comparison: its baseline mean and its recent daily mean, or nothing
   * when it is still learning or reported on fewer than {@link #MIN_RECENT_DAYS} of the recent days.
   * A meter that went silent is the device-offline rule's business, not a drop in activity.
   */
  private static Activity activity(RuleContext context, long elder, MeterKind kind, MeterBaseline baseline,
      LocalDate first, LocalDate day, int learning, java.util.function.DoublePredicate active, double threshold)
      throws SQLException {
    NavigableMap<Instant, Double> recent = context.meters().buckets(elder, kind,
        MeterBaseline.midnight(first), MeterBaseline.midnight(day.plusDays(1)));
    long days = recent.keySet().stream().map(MeterRuleSupport::localDay).distinct().count();
    if (!baseline.learned(learning) || days < MIN_RECENT_DAYS) {
      return new Activity(0, 0, 0, days);
    }
    long count = recent.values().stream().filter(a -> active.test(a)).count();
    return new Activity(mean(baseline.dailyActive(threshold)), (double) count / days, days, days);
  }

  private record Activity(double baseline, double recent, long days, long seen) {}

  private static double mean(List<Integer> days) {
    return days.stream().mapToInt(Integer::intValue).average().orElse(0);
  }
}
