package cn.anxin.platform.registry.elders;

import java.time.LocalDate;
import java.time.Period;

/** An elder's age in whole years on a given day. */
final class ElderAge {

  private ElderAge() {}

  /** The age, or null when the birth date is unknown. */
  static Integer of(LocalDate birthDate, LocalDate today) {
    return birthDate == null ? null : Period.between(birthDate, today).getYears();
  }
}
