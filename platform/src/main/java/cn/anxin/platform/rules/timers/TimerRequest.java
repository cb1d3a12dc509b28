package cn.anxin.platform.rules.timers;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A timer a rule wants armed. With a device it is keyed by the device (and {@code elderId}, when
 * given, is the elder it is armed for); without one, by the elder.
 *
 * @param purpose what the rule waits for, unique per subject and rule while pending
 * @param payload what the rule needs when the timer fires; always the cause event's id as {@code eventId}
 */
public record TimerRequest(Optional<Long> elderId, Optional<String> deviceId, String rule, String purpose,
    Instant dueAt, JsonObject payload) {

  public TimerRequest {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(payload, "payload");
    if (elderId.isEmpty() && deviceId.isEmpty()) {
      throw new IllegalArgumentException("a timer is about an elder or a device");
    }
  }

  /** A timer keyed by a device. */
  public static TimerRequest forDevice(String deviceId, Optional<Long> elderId, String rule, String purpose,
      Instant dueAt, JsonObject payload) {
    return new TimerRequest(elderId, Optional.of(deviceId), rule, purpose, dueAt, payload);
  }

  /** A timer keyed by an elder. */
  public static TimerRequest forElder(long elderId, String rule, String purpose, Instant dueAt, JsonObject payload) {
    return new TimerRequest(Optional.of(elderId), Optional.empty(), rule, purpose, dueAt, payload);
  }
}
