package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Catalogue rule 4, long lie: no movement for {@code dwellBathroomMinutes} in a bathroom zone
 * ({@code bathroomSeverity}, P1) or {@code dwellElsewhereMinutes} elsewhere (P2). A radar's dwell
 * event says since when the person has not moved; the still period's timer falls due when it
 * reaches the threshold (at once when the dwell already says so). Movement in between, as the
 * journal shows it, stops it: a later dwell whose still period starts later, presence false, or a
 * bed change. One alert per still period.
 */
public final class LongLieRule implements Rule {

  public static final String CODE = "LONG_LIE";
  public static final String STILL = "still";
  /** Two dwell reports whose still periods start this close describe the same period. */
  static final Duration SAME_PERIOD = Duration.ofSeconds(5);

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (event.body() instanceof EventBody.DwellDetected dwell) {
      still(event, event.eventTime().minusSeconds(dwell.seconds()), context);
    } else if (event.body() instanceof EventBody.BedStateChanged
        || event.body() instanceof EventBody.PresenceReported p && !p.present()) {
      for (DueTimer pending : context.pending(event.deviceId(), STILL)) {
        if (stillSince(pending).isBefore(event.eventTime())) {
          context.cancel(event.deviceId(), STILL, false, "moved (event " + event.eventId() + ")");
        }
      }
    }
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    String device = timer.deviceId().orElseThrow();
    Instant since = stillSince(timer);
    if (context.history().movedBetween(device, since, timer.dueAt(), since.plus(SAME_PERIOD))) {
      context.note("device " + device + ": movement after " + since + ", no long lie");
      return;
    }
    raise(context, timer.eventId(), device, timer.payload(), timer.dueAt());
  }

  private static void still(RuleEvent event, Instant since, RuleContext context) throws SQLException {
    Optional<DueTimer> last = context.lastFired(event.deviceId(), STILL);
    if (last.isPresent() && Duration.between(stillSince(last.get()), since).abs().compareTo(SAME_PERIOD) <= 0) {
      return;
    }
    RuleSettings settings = context.settings();
    boolean bathroom = event.zone().map(z -> isBathroom(z, settings)).orElse(false);
    Duration threshold = settings.duration(bathroom ? "dwellBathroomMinutes" : "dwellElsewhereMinutes");
    Instant due = since.plus(threshold);
    JsonObject payload = new JsonObject()
        .put("eventId", event.eventId())
        .put("stillSince", since.toString())
        .put("bathroom", bathroom)
        .put("zone", event.zone().orElse(null));
    TimerRequest timer = TimerRequest.forDevice(event.deviceId(), Optional.of(event.elderId()), CODE, STILL, due,
        payload);
    if (due.isAfter(event.eventTime())) {
      context.arm(timer);
      return;
    }
    context.armFired(timer, "threshold reached in event " + event.eventId());
    raise(context, event.eventId(), event.deviceId(), payload, due);
  }

  private static void raise(RuleContext context, long eventId, String device, JsonObject still, Instant at)
      throws SQLException {
    RuleSettings settings = context.settings();
    String severity = still.getBoolean("bathroom") ? settings.severity("bathroomSeverity") : settings.severity();
    context.note("no movement on " + device + " since " + still.getString("stillSince"));
    context.raise(CODE, severity, eventId, device, at, Optional.ofNullable(still.getString("zone")));
  }

  private static boolean isBathroom(String zone, RuleSettings settings) {
    String name = zone.strip().toLowerCase(Locale.ROOT);
    return settings.zones("bathroomZones").stream().anyMatch(z -> z.strip().toLowerCase(Locale.ROOT).equals(name));
  }

  private static Instant stillSince(DueTimer timer) {
    return Instant.parse(timer.payload().getString("stillSince"));
  }
}
