package cn.anxin.platform.notify;

import cn.anxin.platform.alerts.AlertStatus;

/**
 * What a transition means for notifications: an alert raised, moved on, or closed; or what an
 * escalation means: an alert escalated, a reminder, the bureau told. The constant
 * names are stored in {@code notification_outbox.event} and in webhook subscriptions' filters.
 */
public enum NotifyEvent {
  ALERT_RAISED("alert.raised"),
  ALERT_CHANGED("alert.changed"),
  ALERT_CLOSED("alert.closed"),
  /** Not acknowledged in time: the site's supervisors and the family are told (escalation level 1). */
  ALERT_ESCALATED("alert.escalated"),
  /** Still not acknowledged: the supervisors are reminded. */
  ALERT_REMINDER("alert.reminder"),
  /** Not resolved in time: the bureau's command centre is told (escalation level 2). */
  ALERT_BUREAU("alert.bureau");

  private final String wireName;

  NotifyEvent(String wireName) {
    this.wireName = wireName;
  }

  /** The name in webhook bodies, e.g. {@code alert.raised}. */
  public String wireName() {
    return wireName;
  }

  /** The event of a step to {@code to}: the raise is the only step from nothing. */
  public static NotifyEvent of(AlertStatus from, AlertStatus to) {
    if (from == null) {
      return ALERT_RAISED;
    }
    return to.isClosed() ? ALERT_CLOSED : ALERT_CHANGED;
  }
}
