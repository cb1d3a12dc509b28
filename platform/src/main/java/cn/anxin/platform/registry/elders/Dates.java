package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.FieldError;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Calendar dates in request bodies: ISO text the contract has shaped, checked to be real days. */
final class Dates {

  private Dates() {}

  /** The date, or null (with a field error added) when it is not a real day such as 2025-02-30. */
  static LocalDate parse(String text, String field, List<FieldError> errors) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(FieldError.of(field, "field.format"));
      return null;
    }
  }

  static String text(LocalDate date) {
    return date == null ? null : date.toString();
  }
}
