package cn.anxin.platform.rules;

import cn.anxin.platform.care.VisitTimers;
import cn.anxin.platform.rules.timers.DueTimer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Catalogue rule 18: an elder not visited for as long as the risk tier allows ({@code highRiskDays}
 * 7 for HIGH, {@code keyDays} 30 for KEY; GENERAL only with {@code watchGeneral}, after
 * {@code generalDays} 90). It looks at no device event: its timers are armed by recorded visits and
 * by the sweep ({@link VisitTimers}). When one fires, the last visit is read again: a visit since
 * moves the check; an elder AWAY or in HOSPITAL that day has the check put off by a day (a visit is
 * due on return, not muted for a whole interval); otherwise {@code VISIT_OVERDUE} (P3) is raised
 * (no device, no cause event), and a repeat check is armed an interval later, which adds to the
 * alert while it is open.
 */
final class VisitOverdueRule implements Rule {

  static final String CODE = VisitTimers.RULE;
  static final Duration AWAY_RECHECK = Duration.ofDays(1);

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) {
    // Visits are not device events; see VisitTimers.
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    ElderProfile elder = context.elder();
    if (elder.raisesNothing()) {
      context.note(CODE + ": elder deceased or erased, no further checks");
      return;
    }
    Optional<Duration> interval = VisitTimers.interval(context.settings(), elder.riskTier());
    if (interval.isEmpty()) {
      context.note(CODE + ": risk tier " + elder.riskTier() + " not watched");
      return;
    }
    Instant now = context.now();
    String sinceText = timer.payload().getString("since");
    Instant since = sinceText == null ? timer.createdAt() : Instant.parse(sinceText);
    Instant due = VisitTimers.lastVisit(context.connection(), elder.elderId()).orElse(since).plus(interval.get());
    if (due.isAfter(now)) {
      context.arm(VisitTimers.request(elder.elderId(), due, since, "check"));
      context.note(CODE + ": visited in time, next check " + due);
      return;
    }
    if (elder.away()) {
      context.arm(VisitTimers.request(elder.elderId(), now.plus(AWAY_RECHECK), since, "deferred"));
      context.note(CODE + ": elder " + elder.status().orElse("") + ", check put off a day");
      return;
    }
    context.raiseWithoutEvent(CODE, context.settings().severity(), due);
    context.arm(VisitTimers.request(elder.elderId(), now.plus(interval.get()), since, "repeat"));
  }
}
