package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.Rule;
import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.rules.RuleEvent;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.DueTimer;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.NavigableMap;

/**
 * Catalogue rule 12, night electricity (P3), judged for each night (22:00-06:00) an hour after it
 * ends by a durable timer per elder and night ({@code night:<day it ends>}), armed by the night's
 * readings:
 *
 * <ul>
 *   <li><b>continuous use</b>: active half hours (at least {@code activeMarginWh} above the
 *       always-on floor) in a row for {@code continuousNightHours} (3 h) within the night;
 *   <li><b>high nights</b> (after the learning period): the last {@code nights} nights (3) each used
 *       more than the {@code nightPercentile} (95th) of the nights of the baseline before the first
 *       of them.
 * </ul>
 */
public final class NightElectricityRule implements Rule {

  public static final String CODE = "NIGHT_ELECTRICITY";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    var metered = context.metered().filter(m -> m.kind() == MeterKind.ELECTRICITY && m.skipped().isEmpty());
    if (metered.isEmpty()) {
      return;
    }
    LocalTime t = metered.get().intervalStart().atZone(RuleEngine.CARE_ZONE).toLocalTime();
    LocalDate d = MeterRuleSupport.localDay(metered.get().intervalStart());
    LocalDate ends;
    if (!t.isBefore(MeterBaseline.NIGHT_FROM)) {
      ends = d.plusDays(1);
    } else if (t.isBefore(MeterBaseline.NIGHT_TO)) {
      ends = d;
    } else {
      return;
    }
    MeterRuleSupport.arm(context, CODE, "night:" + ends,
        MeterBaseline.nightEnd(ends).plus(MeterRuleSupport.DAY_END_GRACE), event);
  }

  @Override
  public java.util.Optional<LocalDate> judgedDay(DueTimer timer) {
    return java.util.Optional.of(MeterRuleSupport.dayOf(timer));
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    RuleSettings settings = context.settings();
    LocalDate ends = MeterRuleSupport.dayOf(timer);
    long elder = context.elder().elderId();
    int margin = settings.integer("activeMarginWh");
    if (MeterRuleSupport.notYet(context, timer, MeterBaseline.nightEnd(ends), MeterKind.ELECTRICITY)) {
      return;
    }
    MeterBaseline baseline = context.meters().baseline(elder, MeterKind.ELECTRICITY, ends);
    NavigableMap<Instant, Double> night = night(context, elder, ends);
    int longest = 0;
    int run = 0;
    Instant previous = null;
    for (var b : night.entrySet()) {
      boolean next = previous != null && previous.plus(MeterUsage.BUCKET).equals(b.getKey());
      run = baseline.active(b.getValue(), margin) ? (next ? run + 1 : 1) : 0;
      longest = Math.max(longest, run);
      previous = b.getKey();
    }
    long needed = settings.duration("continuousNightHours").dividedBy(MeterUsage.BUCKET);
    if (longest >= needed) {
      context.note(CODE + ": " + longest / 2.0 + " h of continuous use in the night to " + ends);
      MeterRuleSupport.raise(context, CODE, settings.severity(), timer, MeterBaseline.nightEnd(ends));
      return;
    }
    int nights = settings.integer("nights");
    LocalDate first = ends.minusDays(nights - 1L);
    MeterBaseline before = context.meters().baseline(elder, MeterKind.ELECTRICITY, first);
    if (!before.learned(settings.integer("learningDays"))) {
      context.note(CODE + ": learning (" + before.daysWithData() + " days with data)");
      return;
    }
    double high = MeterBaseline.percentile(before.nightTotals(), settings.integer("nightPercentile"));
    for (LocalDate d = first; !d.isAfter(ends); d = d.plusDays(1)) {
      NavigableMap<Instant, Double> that = night(context, elder, d);
      if (that.isEmpty() || MeterRuleSupport.sum(that) <= high) {
        return;
      }
    }
    context.note(CODE + ": " + nights + " nights above " + Math.round(high) + " Wh to " + ends);
    MeterRuleSupport.raise(context, CODE, settings.severity(), timer, MeterBaseline.nightEnd(ends));
  }

  private static NavigableMap<Instant, Double> night(RuleContext context, long elder, LocalDate ends)
      throws SQLException {
    return context.meters().buckets(elder, MeterKind.ELECTRICITY, MeterBaseline.nightStart(ends),
        MeterBaseline.nightEnd(ends));
  }
}
