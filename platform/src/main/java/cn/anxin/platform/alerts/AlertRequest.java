package cn.anxin.platform.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * A rule's verdict that an elder needs an alert.
 *
 * @param elderId whom the alert is about
 * @param rule the rule's code, e.g. {@code FALL}
 * @param severity P1 (acknowledge within 60 s) to P4 (informational)
 * @param causeEventId the stored device event that fired the rule
 * @param deviceId the device that sent it
 * @param eventTime when it happened
 * @param zone where, if the device said
 */
public record AlertRequest(
    long elderId,
    String rule,
    String severity,
    long causeEventId,
    String deviceId,
    Instant eventTime,
    Optional<String> zone) {}
