package cn.anxin.platform.notify;

import cn.anxin.platform.alerts.AlertStatus;

/**
 * What a transition means for notifications: an alert raised, moved on, or closed. The constant
 * names are stored in {@code notification_outbox.event} and in webhook subscriptions' filters.
 */
public enum NotifyEvent {
  ALERT_RAISED("alert.raised"),
  ALERT_CHANGED("alert.changed"),
  ALERT_CLOSED("alert.closed");

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
