package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Catalogue rule 17, device offline: every message from a device moves its silence timer to
 * receipt time plus what the device may miss: a fall radar {@code missedHeartbeats} times
 * {@code radarHeartbeatSeconds}, a water or electricity meter {@code missedUploads} times
 * {@code meterUploadMinutes}, a wearable {@code wearableSilentHours}. When the timer fires the
 * elder the device serves then gets an alert (P3, {@code highRiskSeverity} for high-risk elders),
 * unless an administrator has disabled the device. The gateway's own "offline" notice does not
 * move the timer; its "online" notice does. The timer is moved loosely (only when the due time
 * moves by more than half the allowance), so it may fall due early: it then asks the registry when
 * the device was last heard and, when that was after the message that armed it, moves itself to
 * the exact time instead of raising.
 */
public final class DeviceOfflineRule implements Rule {

  public static final String CODE = "DEVICE_OFFLINE";
  public static final String SILENCE = "silence";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (event.body() instanceof EventBody.Connectivity change
        && change.state() == EventBody.ConnectivityState.OFFLINE) {
      return;
    }
    Optional<Duration> allowance = allowance(event.deviceKind(), context.settings());
    if (allowance.isEmpty()) {
      return;
    }
    Instant heard = event.receivedAt();
    JsonObject payload = new JsonObject()
        .put("eventId", event.eventId())
        .put("lastHeardAt", heard.toString())
        .put("allowanceSeconds", allowance.get().toSeconds())
        .put("zone", event.zone().orElse(null));
    // Moved only when the due time moves by more than half the allowance: a radar beating every
    // minute writes its timer every other heartbeat, a wearable twice a day. When the timer falls due
    // early, onTimer finds the later messages and moves it to the exact time.
    context.armLoosely(TimerRequest.forDevice(event.deviceId(), Optional.empty(), CODE, SILENCE,
        heard.plus(allowance.get()), payload), allowance.get().dividedBy(2));
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    String device = timer.deviceId().orElseThrow();
    if (!context.history().deviceEnabled(device)) {
      context.note("device " + device + " silent but disabled: no alert");
      return;
    }
    Instant lastHeard = Instant.parse(timer.payload().getString("lastHeardAt"));
    Duration allowance = Duration.ofSeconds(timer.payload().getLong("allowanceSeconds"));
    Optional<Instant> heard = context.history().lastHeard(device);
    // Heard after the message that armed the timer, and not after the clock (a replay's clock stands
    // in the past of the registry's last receipt, and its timers are exact): alive, wait again.
    if (heard.isPresent() && heard.get().isAfter(lastHeard) && !heard.get().isAfter(context.now())
        && heard.get().plus(allowance).isAfter(context.now())) {
      JsonObject payload = timer.payload().copy().put("lastHeardAt", heard.get().toString());
      context.history().latestEvent(device, heard.get()).ifPresent(e -> payload.put("eventId", e.eventId()));
      context.arm(TimerRequest.forDevice(device, timer.elderId(), CODE, SILENCE, heard.get().plus(allowance), payload));
      context.note("device " + device + " heard at " + heard.get() + ": silence timer moved");
      return;
    }
    String severity = context.elder().highRisk()
        ? context.settings().severity("highRiskSeverity") : context.settings().severity();
    context.note("device " + device + " silent since " + timer.payload().getString("lastHeardAt"));
    context.raise(CODE, severity, timer.eventId(), device, timer.dueAt(),
        Optional.ofNullable(timer.payload().getString("zone")));
  }

  /** How long a device of this kind may stay silent; empty for kinds not watched. */
  static Optional<Duration> allowance(String deviceKind, RuleSettings settings) {
    return switch (deviceKind) {
      case "FALL_RADAR" -> Optional.of(
          settings.duration("radarHeartbeatSeconds").multipliedBy(settings.integer("missedHeartbeats")));
      case "WATER_METER", "ELECTRICITY_METER" -> Optional.of(
          settings.duration("meterUploadMinutes").multipliedBy(settings.integer("missedUploads")));
      case "WEARABLE" -> Optional.of(settings.duration("wearableSilentHours"));
      default -> Optional.empty();
    };
  }
}
