package cn.anxin.platform.escalation;

import cn.anxin.platform.escalation.EscalationStore.AlertState;
import cn.anxin.platform.escalation.EscalationStore.DueTimer;
import cn.anxin.platform.escalation.EscalationStore.Kind;
import cn.anxin.platform.escalation.EscalationStore.Step;
import cn.anxin.platform.escalation.EscalationStore.Unplanned;
import cn.anxin.platform.notify.EscalationNotices;
import cn.anxin.platform.notify.NotifyEvent;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an alert's escalation does, step by step, in the caller's transaction: arming the timers of
 * a newly seen alert from its site's thresholds, and firing a due timer against the alert as it is
 * now (its row locked, so a concurrent acknowledgement either came first and is seen, or waits).
 *
 * <ul>
 *   <li>ACKNOWLEDGE: still unacknowledged, the alert rises to level 1, rule 19 records the breach,
 *       the site's supervisors (and the consenting family for P1 and P2) are told, and reminders are
 *       armed; acknowledged after the target but before the timer's turn, only the breach is kept.</li>
 *   <li>REMIND: still unacknowledged, the supervisors are reminded and the next reminder armed, up
 *       to the bound; acknowledged, reminders stop.</li>
 *   <li>RESOLVE: still open, the alert rises to level 2, the breach is recorded and the bureau's
 *       accounts and configured addresses are told; closed late, only the breach is kept.</li>
 * </ul>
 */
final class EscalationSteps {

  /** What firing one timer did: a summary for the timer's outcome, and whether the alert changed. */
  record Fired(String outcome, boolean alertChanged) {}

  private final EscalationStore store = new EscalationStore();
  private final EscalationPolicies policies = new EscalationPolicies();
  private final EscalationNotices notices = new EscalationNotices();

  /** Arms the timers of an alert seen for the first time; returns how many. */
  int plan(Connection c, Unplanned a, Instant now) throws SQLException {
    EscalationPolicies.Version policy = policies.active(c, a.siteId());
    EscalationPolicy.Thresholds t = policy.policy().of(a.severity());
    if (!store.markPlanned(c, a, policy.version(), t.toJson(), now)) {
      return 0;
    }
    int armed = 0;
    if (t.acknowledgeSeconds() != null) {
      store.arm(c, a.alertId(), Step.ACKNOWLEDGE, a.raisedAt().plusSeconds(t.acknowledgeSeconds()), now);
      armed++;
    }
    if (t.resolveSeconds() != null) {
      store.arm(c, a.alertId(), Step.RESOLVE, a.raisedAt().plusSeconds(t.resolveSeconds()), now);
      armed++;
    }
    return armed;
  }

  Fired fire(Connection c, DueTimer timer, Instant now) throws SQLException {
    Optional<AlertState> found = store.lockAlert(c, timer.alertId());
    if (found.isEmpty()) {
      return new Fired("no such alert", false);
    }
    AlertState a = found.get();
    EscalationPolicy.Thresholds t = store.thresholds(c, a.id());
    return switch (timer.step()) {
      case ACKNOWLEDGE -> acknowledgeOverdue(c, a, t, timer, now);
      case REMIND -> remind(c, a, t, timer, now);
      case RESOLVE -> resolveOverdue(c, a, t, timer, now);
    };
  }

  private Fired acknowledgeOverdue(Connection c, AlertState a, EscalationPolicy.Thresholds t, DueTimer timer,
      Instant now) throws SQLException {
    int target = t.acknowledgeSeconds() == null ? seconds(a.raisedAt(), timer.dueAt()) : t.acknowledgeSeconds();
    if (a.acknowledgedAt() != null) {
      if (a.acknowledgedAt().isAfter(timer.dueAt())) {
        store.breach(c, a, Step.ACKNOWLEDGE, target, timer.dueAt(), a.acknowledgedAt(), now);
        return new Fired("acknowledged late at " + a.acknowledgedAt() + ": breach recorded", false);
      }
      return new Fired("acknowledged in time", false);
    }
    store.breach(c, a, Step.ACKNOWLEDGE, target, timer.dueAt(), null, now);
    long escalation = store.record(c, a, Kind.SUPERVISOR, 1, null, timer, now);
    EscalationPolicy policy = policies.active(c, a.siteId()).policy();
    EscalationNotices.Notice notice = notice(escalation, NotifyEvent.ALERT_ESCALATED, a, 1, null, now);
    int messages = notices.supervisors(c, notice, policy.supervisorChannels(), now);
    if (policy.notifyFamily() && List.of("P1", "P2").contains(a.severity())) {
      messages += notices.family(c, notice, now);
    }
    String reminders = "";
    if (t.reminderSeconds() != null && t.maxReminders() > 0) {
      store.arm(c, a.id(), Step.REMIND, now.plusSeconds(t.reminderSeconds()), now);
      reminders = ", reminder armed";
    }
    return new Fired("level 1: not acknowledged in " + target + " s; " + messages + " message(s) planned"
        + reminders, true);
  }

  private Fired remind(Connection c, AlertState a, EscalationPolicy.Thresholds t, DueTimer timer, Instant now)
      throws SQLException {
    if (a.acknowledgedAt() != null || !a.open()) {
      return new Fired("acknowledged: reminders stop", false);
    }
    int n = store.reminders(c, a.id()) + 1;
    long escalation = store.record(c, a, Kind.REMINDER, Math.max(1, a.level()), n, timer, now);
    EscalationPolicy policy = policies.active(c, a.siteId()).policy();
    int messages = notices.supervisors(c, notice(escalation, NotifyEvent.ALERT_REMINDER, a, Math.max(1, a.level()),
        n, now), policy.supervisorChannels(), now);
    boolean more = t.reminderSeconds() != null && n < t.maxReminders();
    if (more) {
      store.arm(c, a.id(), Step.REMIND, now.plusSeconds(t.reminderSeconds()), now);
    }
    return new Fired("reminder " + n + ": " + messages + " message(s) planned"
        + (more ? "" : "; no more reminders (" + t.maxReminders() + " at most)"), true);
  }

  private Fired resolveOverdue(Connection c, AlertState a, EscalationPolicy.Thresholds t, DueTimer timer,
      Instant now) throws SQLException {
    int target = t.resolveSeconds() == null ? seconds(a.raisedAt(), timer.dueAt()) : t.resolveSeconds();
    if (!a.open()) {
      if (a.closedAt() != null && a.closedAt().isAfter(timer.dueAt())) {
        store.breach(c, a, Step.RESOLVE, target, timer.dueAt(), a.closedAt(), now);
        return new Fired("closed late at " + a.closedAt() + ": breach recorded", false);
      }
      return new Fired("closed in time", false);
    }
    store.breach(c, a, Step.RESOLVE, target, timer.dueAt(), null, now);
    long escalation = store.record(c, a, Kind.BUREAU, 2, null, timer, now);
    EscalationPolicy policy = policies.active(c, a.siteId()).policy();
    int messages = notices.bureau(c, notice(escalation, NotifyEvent.ALERT_BUREAU, a, 2, null, now),
        policy.supervisorChannels(), policy.bureauEmails(), now);
    return new Fired("level 2: not resolved in " + target + " s; " + messages + " message(s) planned", true);
  }

  private static EscalationNotices.Notice notice(long escalationId, NotifyEvent event, AlertState a, int level,
      Integer reminder, Instant now) {
    JsonObject payload = new JsonObject()
        .put("alertId", a.id())
        .put("rule", a.rule())
        .put("severity", a.severity())
        .put("level", level)
        .put("raisedAt", a.raisedAt().toString())
        .put("eventTime", a.eventTime().toString())
        .put("waitedSeconds", Duration.between(a.raisedAt(), now).toSeconds());
    if (reminder != null) {
      payload.put("reminder", reminder);
    }
    return new EscalationNotices.Notice(escalationId, event, a.id(), a.elderId(), a.siteId(), payload);
  }

  private static int seconds(Instant from, Instant to) {
    return (int) Math.max(1, Duration.between(from, to).toSeconds());
  }
}
