package cn.anxin.platform.registry.importing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.dhatim.fastexcel.reader.Cell;

/**
 * The text of an XLSX cell as a person reading the register would write it: numbers in plain
 * notation with the digits Excel shows (an ID card number stored as a number becomes
 * {@code 532301199001011000}, never {@code 5.32301E+17}; an integer stored verbatim keeps all its
 * digits), dates as ISO {@code yyyy-MM-dd} (with
 * {@code HH:mm:ss} only when the cell has a time of day; a bare time as {@code HH:mm}), booleans as {@code true}/{@code false},
 * formulas as their last computed value.
 */
final class XlsxCellText {

  /**
   * Excel's built-in date and time formats, including those of Chinese Excel
   * ({@code yyyy"年"m"月"d"日"} and friends, 27 to 36 and 50 to 58).
   */
  private static final Set<Integer> BUILT_IN_DATE_FORMATS = Set.of(
      14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
      45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58);
  /**
   * The precision of an Excel number; further digits of a stored double are binary noise
   * ({@code 0.30000000000000004}, {@code 5.3230119900101101E17}).
   */
  private static final MathContext EXCEL_DIGITS = new MathContext(15);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private XlsxCellText() {}

  static String of(Cell cell) {
    if (cell == null) {
      return "";
    }
    String raw = cell.getRawValue();
    return switch (cell.getType()) {
      case EMPTY -> "";
      case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "true" : "false";
      case NUMBER -> number(cell, raw);
      case FORMULA -> isNumber(raw) ? number(cell, raw) : nullToEmpty(raw);
      case STRING, ERROR -> nullToEmpty(cell.getText());
    };
  }

  private static String number(Cell cell, String raw) {
    if (isDateFormat(cell.getDataFormatId(), cell.getDataFormatString())) {
      return new BigDecimal(raw.strip()).compareTo(BigDecimal.ONE) < 0
          ? cell.asDate().toLocalTime().toString()
          : dateText(cell.asDate());
    }
    BigDecimal value = new BigDecimal(raw.strip()).stripTrailingZeros();
    boolean floatingPoint = raw.indexOf('.') >= 0 || raw.indexOf('E') >= 0 || raw.indexOf('e') >= 0;
    if (floatingPoint && value.precision() > EXCEL_DIGITS.getPrecision()) {
      // Excel keeps 15 significant digits and writes them out as a 17-digit double
      value = value.round(EXCEL_DIGITS).stripTrailingZeros();
    }
    return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
  }

  private static String dateText(LocalDateTime dateTime) {
    if (dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      return dateTime.toLocalDate().toString();
    }
    return dateTime.format(DATE_TIME);
  }

  /** Whether a number format shows dates or times: built in, or with y, m, d, h or s outside quotes. */
  static boolean isDateFormat(Integer id, String format) {
    if (id != null && BUILT_IN_DATE_FORMATS.contains(id)) {
      return true;
    }
    if (format == null) {
      return false;
    }
    String bare = format
        .replaceAll("\"[^\"]*\"", "") // quoted literal text
        .replaceAll("\\[[^]]*]", "") // colours, conditions, locales
        .replaceAll("\\\\.", "") // escaped characters
        .toLowerCase(Locale.ROOT);
    return bare.matches(".*[ymdhs].*");
  }

  private static boolean isNumber(String raw) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    try {
      new BigDecimal(raw.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
