package cn.anxin.platform.rules.backtest;

import cn.anxin.gateway.decode.DecodeException;
import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.registry.DeviceBinding;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.rules.RuleEvent;
import cn.anxin.platform.rules.config.RuleConfig;
import cn.anxin.platform.rules.timers.DueTimer;
import io.vertx.core.buffer.Buffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One elder's replay: the elder's stored events of the range, in event-time order, through the rule
 * engine on the candidate configuration, on a clock that follows event time; before each event the
 * timers due by then fire (each at its due time), and at the end those due before the range ends.
 * Alerts and timers stay in memory ({@link SimulatedAlerts}, {@link SimulatedTimers}).
 */
final class ElderReplay {

  /** When a backtest must give up: 422, asking for a narrower range. */
  static final class Deadline {
    private final Duration limit;
    private final long startedNanos = System.nanoTime();

    Deadline(Duration limit) {
      this.limit = limit;
    }

    void check() {
      if (System.nanoTime() - startedNanos > limit.toNanos()) {
        throw ApiProblem.of(422, "backtest.too-slow", limit.toMinutes());
      }
    }
  }

  /** What the replay of one elder did. */
  record Result(List<SimulatedAlert> raised, List<ActualAlert> actual, List<ActualAlert> unmatched, int events,
      int timersFired, int skipped) {}

  /** A rule that kept re-arming a timer due at once would never let the replay move on. */
  private static final int MAX_FIRINGS_AT_ONCE = 100_000;

  private final PayloadDecoder decoder;
  private final RuleConfig candidate;
  private final Instant from;
  private final Instant to;
  private final Duration tolerance;
  private final Duration assumedHandling;
  private final Deadline deadline;

  ElderReplay(PayloadDecoder decoder, RuleConfig candidate, Instant from, Instant to, Duration tolerance,
      Duration assumedHandling, Deadline deadline) {
    this.decoder = decoder;
    this.candidate = candidate;
    this.from = from;
    this.to = to;
    this.tolerance = tolerance;
    this.assumedHandling = assumedHandling;
    this.deadline = deadline;
  }

  Result run(Connection c, long elderId, List<ActualAlert> actual, List<ActualAlert> openAtStart)
      throws SQLException {
    List<ReplayEvents.Row> rows = ReplayEvents.of(c, elderId, from, to);
    Map<Long, SimulatedAlerts.EventFacts> facts = new HashMap<>();
    rows.forEach(r -> facts.put(r.id(), new SimulatedAlerts.EventFacts(r.deviceId(), r.eventTime())));
    SimulatedClock clock = new SimulatedClock(from);
    SimulatedTimers timers = new SimulatedTimers(elderId);
    SimulatedAlerts alerts = new SimulatedAlerts(elderId, from, tolerance, assumedHandling, actual, openAtStart,
        facts);
    RuleEngine engine = RuleEngine.replaying(clock, candidate, new ProfileCache(), alerts, timers);
    int skipped = 0;
    for (ReplayEvents.Row row : rows) {
      deadline.check();
      fire(c, engine, clock, timers, row.eventTime(), true);
      clock.advanceTo(row.eventTime());
      Optional<RuleEvent> event = decode(elderId, row);
      if (event.isEmpty()) {
        skipped++;
        continue;
      }
      try {
        engine.onEvent(c, event.get());
      } catch (RuntimeException e) {
        skipped++;
      }
    }
    fire(c, engine, clock, timers, to, false);
    List<ActualAlert> unmatched = actual.stream().filter(a -> !alerts.claimed(a)).toList();
    return new Result(alerts.raised(), actual, unmatched, rows.size(), timers.firedCount(), skipped);
  }

  /**
   * Fires due timers one by one, each at its due time, until none is due by {@code by} (or before
   * it, when not {@code inclusive}).
   */
  private static void fire(Connection c, RuleEngine engine, SimulatedClock clock, SimulatedTimers timers,
      Instant by, boolean inclusive) throws SQLException {
    Optional<DueTimer> due = inclusive ? timers.dueBy(by) : timers.dueBefore(by);
    for (int fired = 0; due.isPresent(); fired++) {
      if (fired == MAX_FIRINGS_AT_ONCE) {
        throw new IllegalStateException("timers keep falling due at " + clock.instant());
      }
      DueTimer timer = due.get();
      clock.advanceTo(timer.dueAt());
      String outcome;
      try {
        outcome = engine.onTimer(c, timer).summary();
      } catch (RuntimeException e) {
        outcome = "failed: " + e;
      }
      timers.fired(c, timer.id(), clock.instant(), outcome);
      due = inclusive ? timers.dueBy(by) : timers.dueBefore(by);
    }
  }

  /** The row as the rules see it (decoded as the journal consumer decodes it); empty when it cannot be. */
  private Optional<RuleEvent> decode(long elderId, ReplayEvents.Row row) {
    EventKind kind;
    try {
      kind = EventKind.valueOf(row.kind());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    DeviceEvent decoded;
    try {
      decoded = decoder.decode(row.deviceId(), kind, Buffer.buffer(row.payload()), row.receivedAt());
    } catch (DecodeException | RuntimeException e) {
      return Optional.empty();
    }
    DeviceBinding then = new DeviceBinding(row.deviceId(), row.deviceKind(), Optional.of(elderId), Optional.empty(),
        row.room());
    return RuleEvent.of(row.id(), decoded, then).map(e -> new RuleEvent(e.eventId(), e.deviceId(), e.deviceKind(),
        e.elderId(), e.msgId(), e.kind(), e.body(), row.eventTime(), row.receivedAt(), e.zone()));
  }
}
