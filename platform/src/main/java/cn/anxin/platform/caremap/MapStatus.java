package cn.anxin.platform.caremap;

/**
 * How an elder shows on the care map, worst first: the order of the constants is the precedence
 * (an open P1 alert outshines an offline device, which outshines a hospital stay). The one SQL query
 * that computes it ({@link ElderLayer}) follows the same order.
 */
public enum MapStatus {
  /** An open alert of severity P1 (the most severe open alert decides). */
  ALERT_P1,
  ALERT_P2,
  ALERT_P3,
  ALERT_P4,
  /** No open alert, but an enabled device bound to the elder is offline. */
  DEVICE_OFFLINE,
  /** In hospital, by the status period that covers today. */
  HOSPITAL,
  /** Away (staying with family), by the status period that covers today. */
  AWAY,
  /** None of the above. */
  FINE
}
