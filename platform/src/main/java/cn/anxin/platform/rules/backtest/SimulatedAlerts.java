package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.alerts.AlertRequest;
import cn.anxin.platform.alerts.AlertStore;
import cn.anxin.platform.rules.RuleAlerts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The alerts of one elder's replay, in memory. As in the alert table, one alert per rule is open at
 * a time and a repeat adds to it. Nobody closes a simulated alert, so the replay assumes what staff
 * did: an alert about the same incident as an actual one (same rule, its event time within the
 * tolerance of the actual alert's events) is matched to it and closed when that one was closed; an
 * alert without a counterpart is closed {@code assumedHandling} after it was raised. The past
 * before the range is shared: actual alerts still open at its start are open here too, and "was
 * this already alerted" also asks the alerts raised before the range.
 */
final class SimulatedAlerts implements RuleAlerts {

  private static final String ALERTED_BEFORE = "SELECT 1 FROM alert a"
      + " JOIN alert_event ae ON ae.alert_id = a.id JOIN device_event e ON e.id = ae.event_id"
      + " WHERE a.elder_id = ? AND a.rule = ? AND e.device_id = ? AND e.event_time > ? AND a.raised_at < ? LIMIT 1";
  private static final String EVENT = "SELECT device_id, event_time FROM device_event WHERE id = ?";

  /** Where a journal event came from and when it happened. */
  record EventFacts(String deviceId, Instant eventTime) {}

  private final long elderId;
  private final Instant from;
  private final Duration tolerance;
  private final Duration assumedHandling;
  private final Map<String, List<ActualAlert>> actualByRule = new HashMap<>();
  private final Set<Long> claimed = new HashSet<>();
  private final Map<String, SimulatedAlert> lastByRule = new HashMap<>();
  private final List<SimulatedAlert> all = new ArrayList<>();
  private final List<SimulatedAlert> carried = new ArrayList<>();
  private final Map<Long, EventFacts> events;
  private long nextId = -1;

  /**
   * @param actual the elder's actual alerts of the range, by event time
   * @param openAtStart the elder's actual alerts from before the range still open at its start
   * @param events the facts of the events being replayed, by journal id (others are read when needed)
   */
  SimulatedAlerts(long elderId, Instant from, Duration tolerance, Duration assumedHandling, List<ActualAlert> actual,
      List<ActualAlert> openAtStart, Map<Long, EventFacts> events) {
    this.elderId = elderId;
    this.from = from;
    this.tolerance = tolerance;
    this.assumedHandling = assumedHandling;
    this.events = events;
    for (ActualAlert a : actual) {
      actualByRule.computeIfAbsent(a.rule(), k -> new ArrayList<>()).add(a);
    }
    for (ActualAlert a : openAtStart) {
      SimulatedAlert alert = new SimulatedAlert(nextId--, elderId, a.rule(), a.severity(), null, a.raisedAt(),
          a.eventTime(), true);
      alert.closesAt(a.closedAt().orElse(null));
      lastByRule.put(a.rule(), alert);
      carried.add(alert);
    }
  }

  @Override
  public AlertStore.Raised raise(Connection c, AlertRequest request, Instant now) {
    SimulatedAlert open = lastByRule.get(request.rule());
    if (open != null && open.openAt(now)) {
      open.carries(request.causeEventId());
      if (!open.carriedOver() && open.match().isEmpty()) {
        match(open, request.eventTime(), now);
      }
      return new AlertStore.Raised(open.id(), false);
    }
    SimulatedAlert raised = new SimulatedAlert(nextId--, elderId, request.rule(), request.severity(),
        request.deviceId(), now, request.eventTime(), false);
    raised.carries(request.causeEventId());
    raised.closesAt(now.plus(assumedHandling));
    match(raised, request.eventTime(), now);
    lastByRule.put(request.rule(), raised);
    all.add(raised);
    return new AlertStore.Raised(raised.id(), true);
  }

  @Override
  public boolean alertedSince(Connection c, long elderId, String rule, String deviceId, Optional<Instant> since)
      throws SQLException {
    Instant after = since.orElse(Instant.EPOCH);
    if (carries(c, all, rule, deviceId, after) || carries(c, carried, rule, deviceId, after)) {
      return true;
    }
    try (PreparedStatement s = c.prepareStatement(ALERTED_BEFORE)) {
      s.setLong(1, elderId);
      s.setString(2, rule);
      s.setString(3, deviceId);
      s.setTimestamp(4, Timestamp.from(after));
      s.setTimestamp(5, Timestamp.from(from));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** The alerts the candidate raised, in the order raised (carried-over alerts are not among them). */
  List<SimulatedAlert> raised() {
    return all;
  }

  /** Whether an actual alert of the range has a candidate counterpart. */
  boolean claimed(ActualAlert actual) {
    return claimed.contains(actual.id());
  }

  /** Pairs the alert with the first unpaired actual alert of its rule about the same incident, if any. */
  private void match(SimulatedAlert alert, Instant eventTime, Instant now) {
    for (ActualAlert actual : actualByRule.getOrDefault(alert.rule(), List.of())) {
      if (!claimed.contains(actual.id()) && actual.covers(eventTime, tolerance)) {
        claimed.add(actual.id());
        alert.matched(actual);
        alert.closesAt(actual.closedAt().map(at -> at.isBefore(now) ? now : at).orElse(null));
        return;
      }
    }
  }

  /** Whether one of these alerts of the rule carries an event of the device after {@code after}. */
  private boolean carries(Connection c, List<SimulatedAlert> alerts, String rule, String deviceId, Instant after)
      throws SQLException {
    for (SimulatedAlert alert : alerts) {
      if (!alert.rule().equals(rule)) {
        continue;
      }
      for (long eventId : alert.eventIds()) {
        EventFacts facts = facts(c, eventId);
        if (facts != null && facts.deviceId().equals(deviceId) && facts.eventTime().isAfter(after)) {
          return true;
        }
      }
    }
    return false;
  }

  private EventFacts facts(Connection c, long eventId) throws SQLException {
    EventFacts known = events.get(eventId);
    if (known != null) {
      return known;
    }
    try (PreparedStatement s = c.prepareStatement(EVENT)) {
      s.setLong(1, eventId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new EventFacts(r.getString(1), r.getTimestamp(2).toInstant()) : null;
      }
    }
  }
}
