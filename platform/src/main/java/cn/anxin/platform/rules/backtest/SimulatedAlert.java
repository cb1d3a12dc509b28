package cn.anxin.platform.rules.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An alert of a replay: raised by the candidate configuration (or, when {@code carriedOver}, an
 * actual alert that was open when the range began), open until the moment the replay assumes staff
 * closed it.
 */
final class SimulatedAlert {

  private final long id;
  private final long elderId;
  private final String rule;
  private final String severity;
  private final String deviceId;
  private final Instant raisedAt;
  private final Instant eventTime;
  private final boolean carriedOver;
  private final List<Long> eventIds = new ArrayList<>();
  private Instant closesAt;
  private ActualAlert match;

  SimulatedAlert(long id, long elderId, String rule, String severity, String deviceId, Instant raisedAt,
      Instant eventTime, boolean carriedOver) {
    this.id = id;
    this.elderId = elderId;
    this.rule = rule;
    this.severity = severity;
    this.deviceId = deviceId;
    this.raisedAt = raisedAt;
    this.eventTime = eventTime;
    this.carriedOver = carriedOver;
  }

  /** Open at {@code at}: not yet closed, the closing moment itself included. */
  boolean openAt(Instant at) {
    return closesAt == null || !at.isAfter(closesAt);
  }

  /** Closes at {@code at}; never, when null. */
  void closesAt(Instant at) {
    this.closesAt = at;
  }

  void matched(ActualAlert actual) {
    this.match = actual;
  }

  void carries(long eventId) {
    eventIds.add(eventId);
  }

  long id() {
    return id;
  }

  long elderId() {
    return elderId;
  }

  String rule() {
    return rule;
  }

  String severity() {
    return severity;
  }

  String deviceId() {
    return deviceId;
  }

  Instant raisedAt() {
    return raisedAt;
  }

  Instant eventTime() {
    return eventTime;
  }

  boolean carriedOver() {
    return carriedOver;
  }

  List<Long> eventIds() {
    return eventIds;
  }

  int eventCount() {
    return eventIds.size();
  }

  Optional<ActualAlert> match() {
    return Optional.ofNullable(match);
  }
}
