package cn.anxin.platform.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * A rule's verdict that an elder needs an alert.
 *
 * @param elderId whom the alert is about
 * @param rule the rule's code, e.g. {@code FALL}
 * @param severity P1 (acknowledge within 60 s) to P4 (informational)
 * @param causeEventId the stored device event that fired the rule; {@link #NO_EVENT} when none did
 *     (a visit overdue: the absence of a visit, for an elder who may have no device)
 * @param deviceId the device that sent it; null when no device event caused the alert
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
    Optional<String> zone) {

  /** The cause of an alert that no device event caused. */
  public static final long NO_EVENT = 0;

  /** An alert about the elder that no device event caused (no cause event, no device). */
  public static AlertRequest withoutEvent(long elderId, String rule, String severity, Instant eventTime) {
    return new AlertRequest(elderId, rule, severity, NO_EVENT, null, eventTime, Optional.empty());
  }

  public boolean hasCauseEvent() {
    return causeEventId != NO_EVENT;
  }
}
