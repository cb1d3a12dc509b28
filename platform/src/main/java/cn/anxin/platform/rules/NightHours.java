package cn.anxin.platform.rules;

import java.time.Instant;
import java.time.LocalTime;

/**
 * The night of the catalogue's night rules (6, night bed exit; 20, wandering at night): 22:00 to
 * 06:00 where the elders live ({@link RuleEngine#CARE_ZONE}).
 */
public final class NightHours {

  public static final LocalTime STARTS = LocalTime.of(22, 0);
  public static final LocalTime ENDS = LocalTime.of(6, 0);

  private NightHours() {}

  /** Whether the moment falls in the night, elders' local time; 22:00 is night, 06:00 is not. */
  public static boolean at(Instant moment) {
    LocalTime local = LocalTime.ofInstant(moment, RuleEngine.CARE_ZONE);
    return !local.isBefore(STARTS) || local.isBefore(ENDS);
  }
}
