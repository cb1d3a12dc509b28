package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Runs of consecutive half hours with water use. A reading that brings use to a half hour that had
 * none joins the runs on either side of it; a run of {@code length} half hours or more is new when
 * neither side reached that length alone, so each run is found once, by the reading that completed
 * it, whatever the order readings arrive in.
 */
final class FlowRuns {

  private FlowRuns() {}

  /** When the event completed a run of at least {@code length} half hours: the moment it reached that length. */
  static Optional<Instant> completedBy(RuleEvent event, RuleContext context, int length) throws SQLException {
    var metered = context.metered().filter(m -> m.kind() == MeterKind.WATER && m.skipped().isEmpty());
    if (metered.isEmpty()) {
      return Optional.empty();
    }
    for (MeterRollup.Touched t : metered.get().touched()) {
      boolean nowUsed = t.after() >= MeterRuleSupport.WATER_USE_LITRES;
      boolean usedBefore = t.after() - t.added() >= MeterRuleSupport.WATER_USE_LITRES;
      if (!nowUsed || usedBefore) {
        continue;
      }
      NavigableMap<Instant, Double> around = context.meters().buckets(event.elderId(), MeterKind.WATER,
          t.bucket().minus(MeterUsage.BUCKET.multipliedBy(length)),
          t.bucket().plus(MeterUsage.BUCKET.multipliedBy(length + 1)));
      int before = MeterRuleSupport.runBeside(around, t.bucket(), -1, length);
      int after = MeterRuleSupport.runBeside(around, t.bucket(), 1, length);
      if (before + 1 + after >= length && before < length && after < length) {
        Instant runStart = t.bucket().minus(MeterUsage.BUCKET.multipliedBy(before));
        return Optional.of(runStart.plus(MeterUsage.BUCKET.multipliedBy(length)));
      }
    }
    return Optional.empty();
  }
}
