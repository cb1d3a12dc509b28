package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Catalogue rule 3, a suspected fall: an alert at once (P2), and a confirmed fall (a FALL alert,
 * P1, carrying both events) when the same sensor reports the person still (a dwell) within
 * {@code suspectedEscalateSeconds}: the still period began no later than that after the suspected
 * fall and ended after it. Either event may arrive first; the pair is found by the second.
 */
public final class SuspectedFallRule implements Rule {

  public static final String CODE = "SUSPECTED_FALL";
  static final String WINDOW = "suspectedEscalateSeconds";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    Duration window = context.settings().duration(WINDOW);
    if (event.body() instanceof EventBody.FallSuspected) {
      context.raise(CODE, context.settings().severity(), event.eventId(), event.deviceId(), event.eventTime(),
          event.zone());
      Optional<JournalHistory.Past> dwell =
          context.history().dwellFollowing(event.deviceId(), event.eventId(), event.eventTime(), window);
      if (dwell.isPresent()) {
        escalate(event.deviceId(), new JournalHistory.Past(event.eventId(), event.eventTime(), event.zone()),
            dwell.get(), context);
      }
    } else if (event.body() instanceof EventBody.DwellDetected dwell) {
      Instant stillFrom = event.eventTime().minusSeconds(dwell.seconds());
      Optional<JournalHistory.Past> suspected = context.history()
          .suspectedFallFollowedBy(event.deviceId(), event.eventId(), stillFrom, event.eventTime(), window);
      if (suspected.isPresent()) {
        escalate(event.deviceId(), suspected.get(),
            new JournalHistory.Past(event.eventId(), event.eventTime(), event.zone()), context);
      }
    }
  }

  private static void escalate(String deviceId, JournalHistory.Past suspected, JournalHistory.Past dwell,
      RuleContext context) throws SQLException {
    String severity = context.settings(FallRule.CODE).severity();
    Optional<String> zone = suspected.zone().or(dwell::zone);
    context.note("suspected fall (event " + suspected.eventId() + ") followed by stillness (event "
        + dwell.eventId() + "): a fall");
    context.raise(FallRule.CODE, severity, suspected.eventId(), deviceId, suspected.eventTime(), zone);
    context.raise(FallRule.CODE, severity, dwell.eventId(), deviceId, dwell.eventTime(), zone);
  }
}
