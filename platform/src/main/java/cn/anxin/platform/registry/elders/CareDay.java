package cn.anxin.platform.registry.elders;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** The calendar day where the elders live (China Standard Time), from the injected clock. */
final class CareDay {

  /** The prefecture's time zone: dates of birth, assessments and status periods are its days. */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private CareDay() {}

  static LocalDate today(Clock clock) {
    return LocalDate.now(clock.withZone(ZONE));
  }
}
