package cn.anxin.platform.registry.importing;

import cn.anxin.platform.registry.importing.ImportProblem.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The problems found in one data row. {@link ImportRow}'s helpers add to it on bad input; a
 * target adds its own checks with {@link #error(String, String, Object...)} and friends, using
 * message keys from its {@link ImportTarget#messageBundle() bundle} or from the engine's
 * ({@code import.value.*}).
 *
 * <p>The same code is recorded at most once per column, so a target need not guard against
 * repeating a check the engine already made (such as {@code import.value.required}).
 */
public final class RowProblems {

  private final int row;
  private final ColumnLayout layout;
  private final List<String> cells;
  private final List<ImportProblem> problems = new ArrayList<>();

  RowProblems(int row, ColumnLayout layout, List<String> cells) {
    this.row = row;
    this.layout = layout;
    this.cells = cells;
  }

  /** Records an error in the column with this key; the cell's text is recorded with it. */
  public void error(String columnKey, String code, Object... args) {
    add(Severity.ERROR, columnKey, code, args);
  }

  /** Records a warning in the column with this key: reported, but the row is still imported. */
  public void warning(String columnKey, String code, Object... args) {
    add(Severity.WARNING, columnKey, code, args);
  }

  /** Records an error about the row as a whole, e.g. two cells that contradict each other. */
  public void rowError(String code, Object... args) {
    add(Severity.ERROR, null, code, args);
  }

  /** Whether any error (not warning) has been recorded; such a row is never imported. */
  public boolean hasErrors() {
    return problems.stream().anyMatch(ImportProblem::isError);
  }

  /** The row number as the spreadsheet shows it. */
  public int row() {
    return row;
  }

  List<ImportProblem> list() {
    return List.copyOf(problems);
  }

  void add(Severity severity, String columnKey, String code, Object... args) {
    if (columnKey != null) {
      layout.checkDeclared(columnKey);
    }
    String header = columnKey == null ? null : layout.headerOf(columnKey);
    String value = columnKey == null ? null : layout.cell(cells, columnKey);
    boolean repeated = problems.stream()
        .anyMatch(p -> p.code().equals(code) && Objects.equals(p.column(), header));
    if (!repeated) {
      problems.add(new ImportProblem(severity, row, header, value, code, ImportProblem.texts(args)));
    }
  }
}
