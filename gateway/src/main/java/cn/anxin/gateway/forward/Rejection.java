package cn.anxin.gateway.forward;

import java.time.Instant;

/**
 * A message the gateway refused, kept for inspection.
 *
 * @param deviceId the authenticated sender
 * @param topic the topic it was published on
 * @param reason why it was refused, in words an engineer can act on
 * @param payload the payload as received (already bounded by the maximum message size)
 * @param receivedAt when it arrived
 */
public record Rejection(String deviceId, String topic, String reason, byte[] payload, Instant receivedAt) {}
