package cn.anxin.platform.alerts;

import java.time.Instant;

/** An alert as staff see it: who, what, how urgent, since when. */
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
    long causeEventId) {}
