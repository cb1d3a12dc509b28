package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Catalogue rule 17, low battery: a heartbeat reporting a battery below {@code batteryLowPercent}
 * raises an alert (P3, {@code highRiskSeverity} for high-risk elders), once per low episode of a
 * device: not again while an alert of this rule already carries a heartbeat of the device since
 * its last reading at or above the threshold (in event time), whether or not that alert is still
 * open. A muted or suppressed low reading raised no alert, so the next one after the mute ends does.
 * The look-back for the last good reading is bounded ({@link JournalHistory#BATTERY_LOOK_BACK}
 * heartbeats): a battery low for longer counts as alerted when any alert of the rule carries a
 * heartbeat of the device.
 */
public final class LowBatteryRule implements Rule {

  public static final String CODE = "LOW_BATTERY";
  static final String THRESHOLD = "batteryLowPercent";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (!(event.body() instanceof EventBody.Heartbeat heartbeat) || heartbeat.battery().isEmpty()) {
      return;
    }
    int threshold = context.settings().integer(THRESHOLD);
    if (heartbeat.battery().get() >= threshold) {
      return;
    }
    JournalHistory history = context.history();
    JournalHistory.BatteryLookBack lookBack =
        history.lastBatteryAtLeast(event.deviceId(), threshold, event.eventTime(), event.eventId());
    // Beyond the look-back the episode began earlier than it reaches: any earlier alert of the device
    // counts as this episode's (the cost of a look-back that no longer grows with the episode).
    Optional<Instant> since = lookBack.complete() ? lookBack.lastAtLeast() : Optional.empty();
    if (history.alertedSince(event.elderId(), CODE, event.deviceId(), since)) {
      return;
    }
    String severity = context.elder().highRisk()
        ? context.settings().severity("highRiskSeverity") : context.settings().severity();
    context.raise(CODE, severity, event.eventId(), event.deviceId(), event.eventTime(), event.zone());
  }
}
