package cn.anxin.gateway.decode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A validated message from a device, free of wire types.
 *
 * @param deviceId the authenticated device that sent it
 * @param kind what the message reports
 * @param msgId the device's own id for the message; a resend carries the same one
 * @param eventTime when it happened, on the device's clock
 * @param receivedAt when the gateway received it, on the gateway's clock
 * @param body the kind-specific facts
 * @param payloadJson the validated payload, kept verbatim for the record
 */
public record DeviceEvent(
    String deviceId,
    EventKind kind,
    String msgId,
    OffsetDateTime eventTime,
    Instant receivedAt,
    EventBody body,
    String payloadJson) {

  public DeviceEvent {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(payloadJson, "payloadJson");
  }
}
