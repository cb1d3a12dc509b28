package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.Rule;
import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.rules.RuleEvent;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.DueTimer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Catalogue rule 11, electricity inactive (P2), on the elder's baseline ({@link MeterBaseline}), silent
 * until it has {@code learningDays} days with data:
 *
 * <ul>
 *   <li><b>morning</b>: no active half hour (at least {@code activeMarginWh} above the always-on floor)
 *       from 04:00 by the usual start of the morning plus {@code morningGraceMinutes}. A durable timer
 *       per elder and day ({@code morning:<day>}) is armed by the readings of the night before (from
 *       noon on, for the next day) and of the morning; when it fires the half hours are looked at
 *       again, so late readings count;
 *   <li><b>day</b>: the day's active half hours below the low band of the baseline's days (mean minus
 *       two standard deviations), judged an hour after midnight ({@code day:<day>}); a day without
 *       any reading is not judged (a silent meter is DEVICE_OFFLINE's).
 * </ul>
 */
public final class ElectricityInactiveRule implements Rule {

  public static final String CODE = "ELECTRICITY_INACTIVE";

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
    RuleSettings settings = context.settings();
    LocalDate today = MeterRuleSupport.localDay(event.eventTime());
    MeterRuleSupport.arm(context, CODE, "day:" + today,
        MeterBaseline.midnight(today.plusDays(1)).plus(MeterRuleSupport.DAY_END_GRACE), event);
    boolean afternoon = !event.eventTime().atZone(RuleEngine.CARE_ZONE).toLocalTime()
        .isBefore(LocalTime.NOON);
    LocalDate morning = afternoon ? today.plusDays(1) : today;
    MeterBaseline baseline = context.meters().baseline(event.elderId(), MeterKind.ELECTRICITY, morning);
    if (!baseline.learned(settings.integer("learningDays"))) {
      return;
    }
    Optional<Duration> usual = baseline.usualMorningStart(settings.integer("activeMarginWh"));
    if (usual.isEmpty()) {
      return;
    }
    Instant due = MeterBaseline.midnight(morning).plus(usual.get()).plus(settings.duration("morningGraceMinutes"));
    if (due.isAfter(event.eventTime())) {
      MeterRuleSupport.arm(context, CODE, "morning:" + morning, due, event);
    }
  }

  @Override
  public java.util.Optional<LocalDate> judgedDay(DueTimer timer) {
    return java.util.Optional.of(MeterRuleSupport.dayOf(timer));
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    RuleSettings settings = context.settings();
    LocalDate day = MeterRuleSupport.dayOf(timer);
    long elder = context.elder().elderId();
    MeterBaseline baseline = context.meters().baseline(elder, MeterKind.ELECTRICITY, day);
    if (!baseline.learned(settings.integer("learningDays"))) {
      context.note(CODE + ": learning (" + baseline.daysWithData() + " days with data)");
      return;
    }
    int margin = settings.integer("activeMarginWh");
    if (timer.purpose().startsWith("morning:")) {
      Instant due = MeterRuleSupport.at(timer);
      if (MeterRuleSupport.waitForReadings(context, timer, MeterKind.ELECTRICITY, due)) {
        return;
      }
      Instant from = day.atTime(MeterBaseline.MORNING_FROM).atZone(RuleEngine.CARE_ZONE)
          .toInstant();
      NavigableMap<Instant, Double> morning = context.meters().buckets(elder, MeterKind.ELECTRICITY, from, due);
      if (morning.values().stream().anyMatch(a -> baseline.active(a, margin))) {
        context.note(CODE + ": morning activity on " + day);
        return;
      }
      context.note(CODE + ": no morning activity on " + day + " by " + due);
      MeterRuleSupport.raise(context, CODE, settings.severity(), timer, due);
      return;
    }
    if (MeterRuleSupport.notYet(context, timer, MeterBaseline.midnight(day.plusDays(1)), MeterKind.ELECTRICITY)) {
      return;
    }
    NavigableMap<Instant, Double> today = context.meters().buckets(elder, MeterKind.ELECTRICITY,
        MeterBaseline.midnight(day), MeterBaseline.midnight(day.plusDays(1)));
    if (today.isEmpty()) {
      context.note(CODE + ": no readings on " + day);
      return;
    }
    long active = today.values().stream().filter(a -> baseline.active(a, margin)).count();
    double band = lowBand(baseline.dailyActive(margin));
    if (active < band) {
      context.note(CODE + ": " + active + " active half hours on " + day + ", low band " + Math.round(band * 10) / 10.0);
      MeterRuleSupport.raise(context, CODE, settings.severity(), timer, MeterBaseline.midnight(day.plusDays(1)));
    }
  }

  /** Mean minus two standard deviations of the baseline days' activity. */
  static double lowBand(List<Integer> days) {
    if (days.isEmpty()) {
      return 0;
    }
    double mean = days.stream().mapToInt(Integer::intValue).average().orElse(0);
    double variance = days.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / days.size();
    return mean - 2 * Math.sqrt(variance);
  }
}
