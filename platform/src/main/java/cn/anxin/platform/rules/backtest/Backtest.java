package cn.anxin.platform.rules.backtest;

import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.platform.api.rest.ApiProblem;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Runs a backtest in the caller's transaction: every elder in scope replayed on the candidate
 * configuration ({@link ElderReplay}) and compared with the alerts actually raised. The replay
 * runs in a read-only subtransaction that is rolled back whatever happens: the rules keep their
 * alerts and timers in memory, and the database would refuse any write besides, so nothing of a
 * replay persists and no row of the live tables is locked.
 */
final class Backtest {

  /** The longest range, in days. */
  static final int MAX_DAYS = 31;
  /** The most stored events one backtest replays; more is 422, asking for a narrower range. */
  static final long MAX_EVENTS = 500_000;
  /** The most differing cases listed in a report (all are counted). */
  static final int MAX_CASES = 200;
  /** How long a replay may run; longer is 422, asking for a narrower range. */
  static final Duration MAX_RUN_TIME = Duration.ofMinutes(10);

  private final PayloadDecoder decoder = new PayloadDecoder();
  private final long maxEvents;
  private final Duration maxRunTime;

  Backtest() {
    this(MAX_EVENTS, MAX_RUN_TIME);
  }

  /** A backtest that replays at most {@code maxEvents} events, for at most {@code maxRunTime}. */
  Backtest(long maxEvents, Duration maxRunTime) {
    this.maxEvents = maxEvents;
    this.maxRunTime = maxRunTime;
  }

  /**
   * The report; 422 when the range holds more than the cap of events for the elders, or when the
   * replay runs out of time.
   */
  BacktestReport run(Connection c, BacktestRequest request, List<Long> elders) throws SQLException {
    Savepoint before = c.setSavepoint();
    try {
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION READ ONLY");
      }
      return replay(c, request, elders);
    } finally {
      c.rollback(before);
    }
  }

  private BacktestReport replay(Connection c, BacktestRequest request, List<Long> elders) throws SQLException {
    BacktestReport report = new BacktestReport(MAX_CASES);
    if (elders.isEmpty()) {
      return report;
    }
    long events = ReplayEvents.count(c, elders, request.from(), request.to(), maxEvents + 1);
    if (events > maxEvents) {
      throw ApiProblem.of(422, "backtest.too-many-events", maxEvents);
    }
    ActualAlerts.ByElder actual = ActualAlerts.load(c, elders, request.from(), request.to());
    ElderReplay replay = new ElderReplay(decoder, request.candidate(), request.from(), request.to(),
        request.tolerance(), request.assumedHandling(), new ElderReplay.Deadline(maxRunTime));
    for (long elder : elders) {
      report.add(replay.run(c, elder, actual.inRange(elder), actual.openAtStart(elder)));
    }
    return report;
  }
}
