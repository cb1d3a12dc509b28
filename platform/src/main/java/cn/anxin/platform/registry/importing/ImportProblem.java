package cn.anxin.platform.registry.importing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing wrong with an imported file, a row or a cell. The text shown to people comes from
 * {@link #code()} and {@link #args()} through the message bundles; see
 * {@link ImportReport#message(ImportProblem, Locale)}.
 *
 * @param severity an {@code ERROR} stops the row (or, at file level, the whole file); a
 *     {@code WARNING} is information only
 * @param row the row number as the spreadsheet shows it, or null for a file-level problem
 * @param column the column header as written in the file, or null when the problem is not
 *     about one column
 * @param value the offending cell text, cut to {@value #MAX_VALUE_LENGTH} characters, or null
 * @param code the message key, e.g. {@code import.value.notDate}; stable, for programs
 * @param args the message arguments, as text
 */
public record ImportProblem(
    Severity severity, Integer row, String column, String value, String code, List<String> args) {

  /** The longest {@link #value()} kept, in characters; a longer one ends in an ellipsis. */
  public static final int MAX_VALUE_LENGTH = 64;

  /** How bad a problem is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public ImportProblem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    value = shorten(value);
    args = List.copyOf(args);
  }

  static ImportProblem fileError(String column, String code, Object... args) {
    return new ImportProblem(Severity.ERROR, null, column, null, code, texts(args));
  }

  static ImportProblem fileWarning(String column, String code, Object... args) {
    return new ImportProblem(Severity.WARNING, null, column, null, code, texts(args));
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  static List<String> texts(Object... args) {
    return Arrays.stream(args).map(String::valueOf).toList();
  }

  private static String shorten(String value) {
    if (value == null || value.codePointCount(0, value.length()) <= MAX_VALUE_LENGTH) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, MAX_VALUE_LENGTH - 1)) + "…";
  }
}
