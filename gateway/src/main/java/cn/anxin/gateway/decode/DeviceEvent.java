package cn.anxin.gateway.decode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A validated message from a device, free of wire types.
 *
 * @param deviceId the authenticated device that sent it
 * @param kind what the message reports
 * @param msgId the device's own id for the message; a resend carries the same one
 * @param eventTime the effective event time: the device's time, bounded by {@link TimePolicy}
 *     (differs from {@code deviceTime} only when {@code timeFlag} is {@link TimeFlag#CLOCK_AHEAD});
 *     in the device's offset. The platform files and orders events by this time.
 * @param receivedAt when the gateway received it, on the gateway's clock
 * @param body the kind-specific facts
 * @param payloadJson the validated payload, kept verbatim for the record
 * @param deviceTime when it happened, on the device's clock, as sent ({@code ts})
 * @param timeFlag how the device's time compares with the receive time
 */
public record DeviceEvent(
    String deviceId,
    EventKind kind,
    String msgId,
    OffsetDateTime eventTime,
    Instant receivedAt,
    EventBody body,
    String payloadJson,
    OffsetDateTime deviceTime,
    TimeFlag timeFlag) {

  public DeviceEvent {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(payloadJson, "payloadJson");
    Objects.requireNonNull(deviceTime, "deviceTime");
    Objects.requireNonNull(timeFlag, "timeFlag");
  }

  /** Device time minus receive time: positive when the device's clock is ahead, negative when late. */
  public Duration clockSkew() {
    return Duration.between(receivedAt, deviceTime.toInstant());
  }
}
