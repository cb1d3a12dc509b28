package cn.anxin.platform.alerts;

import java.time.Instant;

/**
 * An alert as staff see it: who, what, how urgent, since when, and where it is in its life.
 *
 * @param acknowledgedAt when someone first acted on it (the first move out of OPEN); null before
 * @param closedAt when it was resolved or called a false alarm; null while open
 * @param disposition why it was closed ({@link Disposition}); null while open
 * @param closingNote what the person who closed it wrote; null if nothing
 * @param assigneeId the staff member sent (dispatch); null when nobody is
 * @param assigneeName that staff member's display name
 * @param escalationLevel 0 none, 1 not acknowledged in time, 2 not resolved in time (package escalation)
 * @param escalatedAt when the level last rose; null at level 0
 */
public record AlertView(
    long id,
    long elderId,
    String elderName,
    Long siteId,
    String siteName,
    String rule,
    String severity,
    String status,
    Instant raisedAt,
    Instant eventTime,
    Instant lastEventAt,
    int eventCount,
    String deviceId,
    String zone,
    long causeEventId,
    Instant acknowledgedAt,
    Instant closedAt,
    String disposition,
    String closingNote,
    Long assigneeId,
    String assigneeName,
    int escalationLevel,
    Instant escalatedAt) {

  public AlertStatus lifeStatus() {
    return AlertStatus.valueOf(status);
  }
}
