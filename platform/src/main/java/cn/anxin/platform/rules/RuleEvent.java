package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.platform.registry.DeviceBinding;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored device event as the rules see it: from a device bound to an elder, with the device's
 * kind and where it is.
 *
 * @param eventId the journal row (device_event.id); also its place in arrival order
 * @param deviceKind the registry's device kind (FALL_RADAR, WEARABLE ...)
 * @param eventTime the effective event time (the device's, bounded by the gateway's time policy)
 * @param receivedAt when the gateway received it
 * @param zone where it happened: the zone the device named, else the room it is installed in
 */
public record RuleEvent(long eventId, String deviceId, String deviceKind, long elderId, String msgId,
    EventKind kind, EventBody body, Instant eventTime, Instant receivedAt, Optional<String> zone) {

  public static final String WEARABLE = "WEARABLE";

  public RuleEvent {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(deviceKind, "deviceKind");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(body, "body");
  }

  /** The event of a device bound to an elder; empty when the device serves no elder. */
  public static Optional<RuleEvent> of(long eventId, DeviceEvent event, DeviceBinding binding) {
    if (binding.elderId().isEmpty()) {
      return Optional.empty();
    }
    Optional<String> zone = Optional.empty();
    if (event.body() instanceof EventBody.FallDetected f) {
      zone = f.zone();
    } else if (event.body() instanceof EventBody.FallSuspected f) {
      zone = f.zone();
    } else if (event.body() instanceof EventBody.DwellDetected d) {
      zone = d.zone();
    }
    return Optional.of(new RuleEvent(eventId, event.deviceId(), binding.kind(), binding.elderId().get(),
        event.msgId(), event.kind(), event.body(), event.eventTime().toInstant(), event.receivedAt(),
        zone.or(binding::room)));
  }

  public boolean fromWearable() {
    return WEARABLE.equals(deviceKind);
  }
}
