package cn.anxin.platform.alerts;

import java.util.Arrays;
import java.util.List;

/**
 * Why an alert was closed (DOMAIN.md: "closing any alert needs a disposition code"). Each code
 * closes an alert one way: as {@link AlertStatus#RESOLVED} (there was something to handle) or as
 * {@link AlertStatus#FALSE_ALARM} (there was not, and this is why); {@link #OTHER} fits both and
 * needs a note. The constant names are stored in {@code alert.disposition}.
 */
public enum Disposition {
  /** A real need (a fall, an emergency), handled. */
  REAL_EVENT(AlertStatus.RESOLVED),
  /** The same incident is handled in another alert. */
  DUPLICATE(AlertStatus.RESOLVED),
  /** The sensor reported something that did not happen. */
  FALSE_ALARM_DEVICE(AlertStatus.FALSE_ALARM),
  /** A real movement taken for an incident: the elder dropped something, sat down hard. */
  FALSE_ALARM_BEHAVIOUR(AlertStatus.FALSE_ALARM),
  /** A broken or badly installed device; a technician should look at it. */
  DEVICE_FAULT(AlertStatus.FALSE_ALARM),
  /** The elder was not there: staying with family, in hospital. */
  ELDER_AWAY(AlertStatus.FALSE_ALARM),
  /** An installation test or a drill. */
  TEST(AlertStatus.FALSE_ALARM),
  /** Anything else; the note says what. */
  OTHER(AlertStatus.RESOLVED, AlertStatus.FALSE_ALARM);

  private final List<AlertStatus> closes;

  Disposition(AlertStatus... closes) {
    this.closes = List.of(closes);
  }

  /** Whether this code may close an alert as {@code status}. */
  public boolean closesAs(AlertStatus status) {
    return closes.contains(status);
  }

  /** Whether closing with this code needs a note. */
  public boolean needsNote() {
    return this == OTHER;
  }

  /** The codes that may close an alert as {@code status}, in declaration order. */
  public static List<Disposition> closing(AlertStatus status) {
    return Arrays.stream(values()).filter(d -> d.closesAs(status)).toList();
  }
}
