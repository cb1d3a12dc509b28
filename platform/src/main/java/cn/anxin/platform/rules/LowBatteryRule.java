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
    Optional<Instant> lastOk =
        history.lastBatteryAtLeast(event.deviceId(), threshold, event.eventTime(), event.eventId());
    if (history.alertedSince(event.elderId(), CODE, event.deviceId(), lastOk)) {
      return;
    }
    String severity = context.elder().highRisk()
        ? context.settings().severity("highRiskSeverity") : context.settings().severity();
    context.raise(CODE, severity, event.eventId(), event.deviceId(), event.eventTime(), event.zone());
  }
}
