package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Catalogue rule 6: out of bed at night (22:00-06:00, elders' local time) and not back within
 * {@code backWithinMinutes}. An out-of-bed report at night arms a timer on the radar (purpose
 * {@code out-of-bed}) due at the report's event time plus the allowance; an in-bed report from the
 * same radar at or after it and within the allowance cancels it (one after the allowance, arriving
 * before the timer fired because processing lagged, does not). When the timer fires the journal is asked once more for an
 * in-bed report in the allowance (late or out of order), and without one {@code NIGHT_BED_EXIT} is
 * raised (P2; P1 for elders with dementia by the configuration's category override).
 */
final class NightBedExitRule implements Rule {

  static final String CODE = "NIGHT_BED_EXIT";
  static final String PURPOSE = "out-of-bed";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (event.kind() != EventKind.BED_STATE || !(event.body() instanceof EventBody.BedStateChanged bed)) {
      return;
    }
    List<DueTimer> pending = context.pending(event.deviceId(), PURPOSE);
    if (bed.state() == EventBody.BedState.IN) {
      boolean backInTime = pending.stream()
          .anyMatch(t -> !event.eventTime().isBefore(outAt(t)) && !event.eventTime().isAfter(t.dueAt()));
      if (backInTime) {
        context.cancel(event.deviceId(), PURPOSE, false, "back in bed at " + event.eventTime()
            + " (event " + event.eventId() + ")");
      }
      return;
    }
    if (!NightHours.at(event.eventTime())) {
      return;
    }
    if (!pending.isEmpty()) {
      context.note(CODE + ": already waiting since " + outAt(pending.get(0)) + " for the return to bed");
      return;
    }
    context.arm(TimerRequest.forDevice(event.deviceId(), Optional.of(event.elderId()), CODE, PURPOSE,
        event.eventTime().plus(context.settings().duration("backWithinMinutes")),
        new JsonObject().put("eventId", event.eventId()).put("outAt", event.eventTime().toString())
            .put("zone", event.zone().orElse(null))));
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    String device = timer.deviceId().orElseThrow();
    Instant out = outAt(timer);
    if (backInBed(context, device, out, timer.dueAt())) {
      context.note(CODE + ": back in bed within the allowance (found in the journal)");
      return;
    }
    context.raise(CODE, context.settings().severity(), timer.eventId(), device, timer.dueAt(),
        Optional.ofNullable(timer.payload().getString("zone")));
  }

  private static Instant outAt(DueTimer timer) {
    return Instant.parse(timer.payload().getString("outAt"));
  }

  private static boolean backInBed(RuleContext context, String deviceId, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement s = context.connection().prepareStatement("SELECT 1 FROM device_event"
        + " WHERE device_id = ? AND kind = 'BED_STATE' AND payload->>'state' = 'in'"
        + " AND event_time BETWEEN ? AND ? LIMIT 1")) {
      s.setString(1, deviceId);
      s.setTimestamp(2, Timestamp.from(from));
      s.setTimestamp(3, Timestamp.from(to));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
