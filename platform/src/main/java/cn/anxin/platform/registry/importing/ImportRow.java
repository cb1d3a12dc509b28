package cn.anxin.platform.registry.importing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One non-empty data row, read by column key.
 *
 * <p>Every helper returns null for a blank cell or a column the file does not have (a required
 * column's blank cell has already been reported by then), and returns null after recording a
 * problem in the row's {@link RowProblems} when the text is not acceptable. So a target reads
 * each field once and never repeats the validation messages itself. Cell text is trimmed
 * (full-width spaces included) and full-width digits and punctuation are accepted wherever a
 * number, date or label is expected.
 *
 * <p>Asking for a key the target never declared in {@link ImportTarget#columns()} throws
 * {@link IllegalArgumentException}.
 */
public final class ImportRow {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(\\.0*)?");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
  private static final Pattern LIST_SEPARATORS = Pattern.compile("[、,;|]");
  private static final Map<String, Boolean> BOOLEANS = Map.of(
      "是", true, "否", false, "yes", true, "no", false, "y", true, "n", false,
      "true", true, "false", false, "1", true, "0", false);

  private final int number;
  private final ColumnLayout layout;
  private final List<String> cells;
  private final RowProblems problems;

  ImportRow(int number, ColumnLayout layout, List<String> cells) {
    this.number = number;
    this.layout = layout;
    this.cells = List.copyOf(cells);
    this.problems = new RowProblems(number, layout, this.cells);
  }

  /** The row number as the spreadsheet shows it (the header is usually row 1). */
  public int number() {
    return number;
  }

  /** The problems of this row, the same object {@link ImportTarget#parse} receives. */
  public RowProblems problems() {
    return problems;
  }

  /** Whether the file has this column at all. */
  public boolean has(String key) {
    layout.checkDeclared(key);
    return layout.has(key);
  }

  /** Whether the cell is blank (or the column absent). */
  public boolean isBlank(String key) {
    return text(key) == null;
  }

  /** The trimmed text, or null when blank. */
  public String text(String key) {
    layout.checkDeclared(key);
    return CellText.clean(layout.cell(cells, key));
  }

  /** The trimmed text, or null when blank or longer than {@code maxLength} characters. */
  public String text(String key, int maxLength) {
    String value = text(key);
    if (value != null && value.codePointCount(0, value.length()) > maxLength) {
      problems.error(key, "import.value.tooLong", maxLength);
      return null;
    }
    return value;
  }

  /** The trimmed text; a blank cell is an error ({@code import.value.required}). */
  public String requiredText(String key) {
    return required(key, text(key));
  }

  /** The trimmed text, at most {@code maxLength} characters; a blank cell is an error. */
  public String requiredText(String key, int maxLength) {
    return required(key, text(key, maxLength));
  }

  /** A whole number within [min, max]; {@code 12.0} is accepted as 12. */
  public Integer integer(String key, int min, int max) {
    String value = text(key);
    if (value == null) {
      return null;
    }
    String digits = CellText.halfWidth(value).replace(" ", "");
    if (!INTEGER.matcher(digits).matches()) {
      problems.error(key, "import.value.notInteger");
      return null;
    }
    BigDecimal number = new BigDecimal(digits);
    if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
      problems.error(key, "import.value.outOfRange", min, max);
      return null;
    }
    return number.intValueExact();
  }

  /** A decimal number, plain ({@code 172.5}) or grouped by thousands ({@code 1,234.5}). */
  public BigDecimal decimal(String key) {
    String value = text(key);
    if (value == null) {
      return null;
    }
    String digits = CellText.halfWidth(value).replace(" ", "");
    if (GROUPED.matcher(digits).matches()) {
      digits = digits.replace(",", "");
    }
    if (!DECIMAL.matcher(digits).matches()) {
      problems.error(key, "import.value.notNumber");
      return null;
    }
    return new BigDecimal(digits);
  }

  /** A decimal number within [min, max]. */
  public BigDecimal decimal(String key, BigDecimal min, BigDecimal max) {
    BigDecimal number = decimal(key);
    if (number != null && (number.compareTo(min) < 0 || number.compareTo(max) > 0)) {
      problems.error(key, "import.value.outOfRange", min.toPlainString(), max.toPlainString());
      return null;
    }
    return number;
  }

  /**
   * A date written {@code 2024-03-05}, {@code 2024/3/5}, {@code 2024.3.5}, {@code 2024年3月5日} or
   * {@code 20240305}, or an Excel date cell.
   */
  public LocalDate date(String key) {
    String value = text(key);
    if (value == null) {
      return null;
    }
    LocalDate date = DateText.parse(value);
    if (date == null) {
      problems.error(key, "import.value.notDate");
    }
    return date;
  }

  /** A date within [min, max], e.g. a birth date not in the future. */
  public LocalDate date(String key, LocalDate min, LocalDate max) {
    LocalDate date = date(key);
    if (date != null && (date.isBefore(min) || date.isAfter(max))) {
      problems.error(key, "import.value.dateOutOfRange", min, max);
      return null;
    }
    return date;
  }

  /**
   * The code of one label, e.g. {@code 男} or {@code male} to {@code M}. {@code codeByLabel} maps
   * every accepted label (Chinese and English) to its code; labels compare ignoring case, white
   * space and full/half width, and a code itself is accepted as its own label. Pass an ordered
   * map: an error message lists the labels in its order.
   */
  public String choice(String key, Map<String, String> codeByLabel) {
    String value = text(key);
    if (value == null) {
      return null;
    }
    String code = codeOf(value, codeByLabel);
    if (code == null) {
      problems.error(key, "import.value.notInList", labels(codeByLabel));
    }
    return code;
  }

  /**
   * The codes of several labels in one cell, separated by {@code 、 , ， ; ；} or {@code |}, in
   * the order written and without repeats; see {@link #choice} for the matching. One unknown
   * label is an error for the whole cell; a cell of separators only is blank.
   */
  public Set<String> choices(String key, Map<String, String> codeByLabel) {
    String value = text(key);
    if (value == null) {
      return null;
    }
    Set<String> codes = new LinkedHashSet<>();
    for (String item : LIST_SEPARATORS.split(CellText.halfWidth(value))) {
      String label = CellText.clean(item);
      if (label == null) {
        continue;
      }
      String code = codeOf(label, codeByLabel);
      if (code == null) {
        problems.error(key, "import.value.notInListItem", label, labels(codeByLabel));
        return null;
      }
      codes.add(code);
    }
    return codes.isEmpty() ? null : Collections.unmodifiableSet(codes);
  }

  /** 是/否, yes/no, y/n, true/false (Excel's TRUE/FALSE cells too) or 1/0. */
  public Boolean bool(String key) {
    String value = text(key);
    if (value == null) {
      return null;
    }
    Boolean flag = BOOLEANS.get(CellText.foldLabel(value));
    if (flag == null) {
      problems.error(key, "import.value.notBoolean");
    }
    return flag;
  }

  private <T> T required(String key, T value) {
    if (value == null && isBlank(key)) {
      problems.error(key, "import.value.required");
    }
    return value;
  }

  private static String codeOf(String label, Map<String, String> codeByLabel) {
    Map<String, String> folded = new LinkedHashMap<>();
    codeByLabel.forEach((l, code) -> folded.putIfAbsent(CellText.foldLabel(l), code));
    codeByLabel.values().forEach(code -> folded.putIfAbsent(CellText.foldLabel(code), code));
    return folded.get(CellText.foldLabel(label));
  }

  private static String labels(Map<String, String> codeByLabel) {
    return String.join(" / ", codeByLabel.keySet());
  }
}
