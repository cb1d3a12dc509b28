package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.rules.RuleEvent;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.Optional;

/** What the meter rules share: their elder timers, raising from a timer, runs of half hours with use. */
final class MeterRuleSupport {

  /** Day-end reviews wait this long past midnight for the day's last readings. */
  static final Duration DAY_END_GRACE = Duration.ofHours(1);
  /** A half hour of water counts as use from this many litres. */
  static final double WATER_USE_LITRES = 0.5;

  /** How long an absence rule waits for a meter's readings up to its due time before judging anyway. */
  static final Duration WAIT_FOR_READINGS = Duration.ofHours(26);
  /** How often it looks again meanwhile. */
  static final Duration RECHECK = Duration.ofHours(1);

  private MeterRuleSupport() {}

  /**
   * Whether the elder's meters of a kind have reported the half hour before {@code at} (or anything
   * later); when not, and the wait is not over, the timer is moved an hour on and true is returned:
   * a meter that uploads once a day, or late, is judged on its readings, not on their absence.
   */
  static boolean waitForReadings(RuleContext context, DueTimer timer, MeterKind kind, Instant at)
      throws SQLException {
    long elder = context.elder().elderId();
    if (!context.meters().buckets(elder, kind, at.minus(MeterUsage.BUCKET), context.now().plus(RECHECK)).isEmpty()
        || !context.now().isBefore(at.plus(WAIT_FOR_READINGS))) {
      return false;
    }
    context.arm(TimerRequest.forElder(elder, timer.rule(), timer.purpose(), context.now().plus(RECHECK),
        timer.payload()));
    context.note(timer.rule() + ": no " + kind + " readings up to " + at + " yet, looking again in an hour");
    return true;
  }

  /**
   * Whether a day-end review should not judge now: its day was judged already (a late upload armed
   * it again; each day is judged once), or a meter of a kind that reported on the day has not yet
   * reported up to {@code end} (a meter that uploads once a day), in which case the review waits an
   * hour at a time, up to {@link #WAIT_FOR_READINGS}.
   */
  static boolean notYet(RuleContext context, DueTimer timer, Instant end, MeterKind... kinds) throws SQLException {
    if (context.firedBefore(timer)) {
      context.note(timer.rule() + ": " + timer.purpose() + " was judged already");
      return true;
    }
    long elder = context.elder().elderId();
    for (MeterKind kind : kinds) {
      boolean reported = !context.meters().buckets(elder, kind, end.minus(Duration.ofDays(1)), end).isEmpty();
      if (reported && waitForReadings(context, timer, kind, end)) {
        return true;
      }
    }
    return false;
  }

  /** Arms (or moves, when the due time changed) a timer about the event's elder. */
  static void arm(RuleContext context, String rule, String purpose, Instant due, RuleEvent cause)
      throws SQLException {
    JsonObject payload = new JsonObject().put("eventId", cause.eventId()).put("deviceId", cause.deviceId())
        .put("at", due.toString());
    context.armLoosely(TimerRequest.forElder(cause.elderId(), rule, purpose, due, payload), Duration.ZERO);
  }

  /** Raises from a timer, naming the reading that armed it as the cause. */
  static void raise(RuleContext context, String rule, String severity, DueTimer timer, Instant eventTime)
      throws SQLException {
    context.raise(rule, severity, timer.eventId(), timer.payload().getString("deviceId"), eventTime, Optional.empty());
  }

  static LocalDate localDay(Instant at) {
    return LocalDate.ofInstant(at, RuleEngine.CARE_ZONE);
  }

  /** The moment a timer was armed for (it may have been moved on since, waiting for readings). */
  static Instant at(DueTimer timer) {
    String at = timer.payload().getString("at");
    return at == null ? timer.dueAt() : Instant.parse(at);
  }

  /** The day a timer's purpose names ({@code prefix:yyyy-mm-dd}). */
  static LocalDate dayOf(DueTimer timer) {
    return LocalDate.parse(timer.purpose().substring(timer.purpose().indexOf(':') + 1));
  }

  /** The sum of some half hours. */
  static double sum(NavigableMap<Instant, Double> buckets) {
    return buckets.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * Half hours with water use next to {@code bucket}, before it (negative direction) or after it,
   * counted up to {@code limit}.
   */
  static int runBeside(NavigableMap<Instant, Double> buckets, Instant bucket, int direction, int limit) {
    int run = 0;
    Instant at = bucket;
    while (run < limit) {
      at = direction < 0 ? at.minus(MeterUsage.BUCKET) : at.plus(MeterUsage.BUCKET);
      Double amount = buckets.get(at);
      if (amount == null || amount < WATER_USE_LITRES) {
        break;
      }
      run++;
    }
    return run;
  }
}
