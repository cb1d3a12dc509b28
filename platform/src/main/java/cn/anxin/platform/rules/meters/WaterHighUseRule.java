package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.Rule;
import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Catalogue rule 10, leak or high use (P3): use in every half hour for {@code leakHours} (24 h; once
 * per run, {@link FlowRuns}), or more than {@code dailyLitres} (2 m³) in a day (China Standard Time;
 * once per day: raised by the reading that takes the day's sum across the limit, which happens once
 * whatever the order of readings, since sums only grow).
 */
public final class WaterHighUseRule implements Rule {

  public static final String CODE = "WATER_HIGH_USE";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    var metered = context.metered().filter(m -> m.kind() == MeterKind.WATER && m.skipped().isEmpty());
    if (metered.isEmpty()) {
      return;
    }
    int length = (int) Math.max(1, context.settings().duration("leakHours").dividedBy(MeterUsage.BUCKET));
    Optional<Instant> leak = FlowRuns.completedBy(event, context, length);
    if (leak.isPresent()) {
      context.note(CODE + ": water in every half hour for " + length / 2 + " h by " + leak.get());
      context.raise(CODE, context.settings().severity(), event.eventId(), event.deviceId(), leak.get(), Optional.empty());
      return;
    }
    int limit = context.settings().integer("dailyLitres");
    for (LocalDate day : metered.get().touched().stream()
        .map(t -> MeterRuleSupport.localDay(t.bucket())).distinct().toList()) {
      double added = metered.get().touched().stream()
          .filter(t -> MeterRuleSupport.localDay(t.bucket()).equals(day)).mapToDouble(MeterRollup.Touched::added).sum();
      double total = MeterRuleSupport.sum(context.meters().buckets(event.elderId(), MeterKind.WATER,
          MeterBaseline.midnight(day), MeterBaseline.midnight(day.plusDays(1))));
      if (total > limit && total - added <= limit) {
        context.note(CODE + ": " + Math.round(total) + " L on " + day);
        context.raise(CODE, context.settings().severity(), event.eventId(), event.deviceId(), event.eventTime(),
            Optional.empty());
        return;
      }
    }
  }
}
