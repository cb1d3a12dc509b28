package cn.anxin.platform.rules;

import cn.anxin.platform.rules.timers.DueTimer;
import java.sql.SQLException;

/**
 * One rule of the catalogue (docs/rules.md). It looks at each event of an elder's devices and
 * at its own timers when they fall due, and acts through its {@link RuleContext}: raise an alert,
 * arm or cancel a timer. It is only asked while enabled for the elder; whether an alert it raises
 * is muted (AWAY, HOSPITAL) or dropped (DECEASED) is the context's business, not the rule's.
 */
public interface Rule {

  /** The rule's code in the configuration (and of the alerts it raises). */
  String code();

  /** Looks at one event of the elder's devices, on arrival, in journal order. */
  void onEvent(RuleEvent event, RuleContext context) throws SQLException;

  /** One of the rule's timers is due. */
  default void onTimer(DueTimer timer, RuleContext context) throws SQLException {}

  /**
   * The day a due timer judges, whose status of the elder (away, in hospital) applies to it; empty
   * for the day the timer falls due. A day-end review that fires after midnight names its day.
   */
  default java.util.Optional<java.time.LocalDate> judgedDay(DueTimer timer) {
    return java.util.Optional.empty();
  }
}
