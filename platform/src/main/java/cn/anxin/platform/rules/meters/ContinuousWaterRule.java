package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.Rule;
import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Catalogue rule 9, continuous water: use in every half hour for {@code flowMinutes} (2 h, four half
 * hours) raises P2 once per run (a tap left running, a fall in the shower), with the moment the run
 * reached its length as the event time ({@link FlowRuns}).
 */
public final class ContinuousWaterRule implements Rule {

  public static final String CODE = "CONTINUOUS_WATER";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    int length = (int) Math.max(1, context.settings().duration("flowMinutes").dividedBy(MeterUsage.BUCKET));
    Optional<Instant> reached = FlowRuns.completedBy(event, context, length);
    if (reached.isPresent()) {
      context.note(CODE + ": water in every half hour for " + length / 2.0 + " h by " + reached.get());
      context.raise(CODE, context.settings().severity(), event.eventId(), event.deviceId(), reached.get(),
          Optional.empty());
    }
  }
}
