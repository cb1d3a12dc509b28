package cn.anxin.platform.registry.imports;

import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.registry.importing.RowProblems;
import java.util.List;

/**
 * A draft's field errors as row-and-column problems: the last segment of the field pointer is the
 * column key ({@code /row/location/lon} is the column {@code lon}).
 */
final class FieldErrors {

  private FieldErrors() {}

  static void report(List<FieldError> errors, RowProblems problems) {
    for (FieldError e : errors) {
      String field = e.field();
      String column = field.substring(field.lastIndexOf('/') + 1);
      problems.error(column, e.code(), e.args().toArray());
    }
  }
}
