package cn.anxin.gateway.decode;

/** How a device's event time compares with the gateway's receive time; stored in {@code device_event.time_flag}. */
public enum TimeFlag {
  /** Plausible: at most a little ahead of the receive time, and not long behind it. */
  OK,
  /** Sent well after it happened (a late upload, or a clock that is behind); still a normal event. */
  LATE,
  /** The device clock is ahead: the event time is bounded to the receive time. */
  CLOCK_AHEAD
}
