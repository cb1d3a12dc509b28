package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Catalogue rule 2, a confirmed fall. A radar's fall is already confirmed (held past the sensor's
 * delay): an alert at once. A wearable's fall is an alert unless the wearer cancels it within
 * {@code wearableCancelWindowSeconds} of the fall (event time): a timer per fall waits for the
 * cancel. A cancel names the fall's msgId or none (then it cancels every fall of that wearable
 * whose window it falls in). A cancelled fall raises nothing; the cancelled timer is its record.
 */
public final class FallRule implements Rule {

  public static final String CODE = "FALL";
  /** Timer purpose prefix; the fall's msgId follows. */
  public static final String CANCEL_WINDOW = "cancel-window:";
  static final String WINDOW = "wearableCancelWindowSeconds";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (event.body() instanceof EventBody.FallDetected) {
      if (event.fromWearable()) {
        waitForCancel(event, context);
      } else {
        context.raise(CODE, context.settings().severity(), event.eventId(), event.deviceId(), event.eventTime(),
            event.zone());
      }
    } else if (event.body() instanceof EventBody.AlarmCancelled cancel) {
      cancelFalls(event, cancel, context);
    }
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    JsonObject fall = timer.payload();
    Instant fallAt = Instant.parse(fall.getString("eventTime"));
    Duration window = Duration.ofSeconds(fall.getLong("windowSeconds"));
    String device = timer.deviceId().orElseThrow();
    if (context.history().cancelledBetween(device, fallAt, fallAt.plus(window), fall.getString("msgId"))) {
      context.note("wearable fall " + fall.getString("msgId") + " of " + device + " cancelled by the wearer");
      return;
    }
    context.raise(CODE, context.settings().severity(), timer.eventId(), device, fallAt,
        Optional.ofNullable(fall.getString("zone")));
  }

  private static void waitForCancel(RuleEvent event, RuleContext context) throws SQLException {
    Duration window = context.settings().duration(WINDOW);
    Instant end = event.eventTime().plus(window);
    Instant due = end.isBefore(context.now()) ? context.now() : end;
    JsonObject payload = new JsonObject()
        .put("eventId", event.eventId())
        .put("msgId", event.msgId())
        .put("eventTime", event.eventTime().toString())
        .put("windowSeconds", window.toSeconds())
        .put("zone", event.zone().orElse(null));
    String purpose = CANCEL_WINDOW + event.msgId();
    context.arm(TimerRequest.forDevice(event.deviceId(), Optional.of(event.elderId()), CODE, purpose, due, payload));
    if (context.history().cancelledBetween(event.deviceId(), event.eventTime(), end, event.msgId())) {
      context.cancel(event.deviceId(), purpose, false, "cancelled by the wearer (a cancel stored before the fall)");
      context.note("wearable fall " + event.msgId() + " of " + event.deviceId() + " cancelled by the wearer");
    } else {
      context.note("wearable fall " + event.msgId() + " of " + event.deviceId() + " waits " + window.toSeconds()
          + " s for a cancel");
    }
  }

  private static void cancelFalls(RuleEvent event, EventBody.AlarmCancelled cancel, RuleContext context)
      throws SQLException {
    String outcome = "cancelled by the wearer (event " + event.eventId() + ")";
    int cancelled = 0;
    if (cancel.cancels().isPresent()) {
      cancelled = context.cancel(event.deviceId(), CANCEL_WINDOW + cancel.cancels().get(), false, outcome).size();
    } else {
      for (DueTimer pending : context.pending(event.deviceId(), CANCEL_WINDOW)) {
        Instant fallAt = Instant.parse(pending.payload().getString("eventTime"));
        Instant end = fallAt.plusSeconds(pending.payload().getLong("windowSeconds"));
        if (!event.eventTime().isBefore(fallAt) && !event.eventTime().isAfter(end)) {
          cancelled += context.cancel(event.deviceId(), pending.purpose(), false, outcome).size();
        }
      }
    }
    if (cancelled > 0) {
      context.note(cancelled + " wearable fall(s) of " + event.deviceId() + " cancelled by the wearer");
    }
  }
}
