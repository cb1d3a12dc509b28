package cn.anxin.platform.registry.importing;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ways dates are written in Chinese registers: {@code 2024-03-05}, {@code 2024/3/5},
 * {@code 2024.3.5}, {@code 2024年3月5日}, {@code 20240305}, and what the XLSX reader makes of
 * Excel date cells ({@code 2024-03-05}, or {@code 2024-03-05 08:30:00} when the cell has a time,
 * which is ignored). Full-width digits and separators are accepted.
 */
final class DateText {

  private static final String TIME = "(?:[ T]+\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?";
  private static final List<Pattern> PATTERNS = List.of(
      Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})" + TIME),
      Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]?"),
      Pattern.compile("(\\d{4})(\\d{2})(\\d{2})"));

  private DateText() {}

  /** The date, or null when the text is not a date (including impossible ones like 2月30日). */
  static LocalDate parse(String text) {
    String value = CellText.halfWidth(text).strip();
    for (Pattern pattern : PATTERNS) {
      Matcher m = pattern.matcher(value);
      if (m.matches()) {
        try {
          return LocalDate.of(
              Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
          return null;
        }
      }
    }
    return null;
  }
}
