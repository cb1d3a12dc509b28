package cn.anxin.platform.alerts;

/**
 * Where an alert is in its life, in the order it moves: forward only, steps may be skipped, and
 * {@link #FALSE_ALARM} may follow any open status. {@link #RESOLVED} and {@link #FALSE_ALARM} are
 * closed, and closed is final. The constant names are stored in {@code alert.status}.
 */
public enum AlertStatus {
  OPEN,
  ACKNOWLEDGED,
  CALLING,
  DISPATCHED,
  ON_SITE,
  RESOLVED,
  FALSE_ALARM;

  public boolean isClosed() {
    return this == RESOLVED || this == FALSE_ALARM;
  }

  /** Whether an alert in this status may move to {@code next}: forward, from an open status. */
  public boolean mayMoveTo(AlertStatus next) {
    if (isClosed() || next == OPEN) {
      return false;
    }
    return next == FALSE_ALARM || next.ordinal() > ordinal();
  }
}
