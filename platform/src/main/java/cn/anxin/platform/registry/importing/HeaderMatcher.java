package cn.anxin.platform.registry.importing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Matches a file's header row to a target's columns (see {@link ImportColumn} for the folding
 * rules). Unknown headers become file-level warnings; a missing required column or a column
 * given twice becomes a file-level error.
 */
final class HeaderMatcher {

  private final Map<String, ImportColumn> byFoldedName = new HashMap<>();
  private final List<ImportColumn> columns;

  HeaderMatcher(List<ImportColumn> columns) {
    this.columns = List.copyOf(columns);
    for (ImportColumn column : columns) {
      List<String> names = new ArrayList<>(column.aliases());
      names.add(column.header());
      names.add(column.key());
      for (String name : names) {
        ImportColumn other = byFoldedName.putIfAbsent(CellText.foldHeader(name), column);
        if (other != null && other != column) {
          throw new IllegalArgumentException(
              "Header '" + name + "' names both '" + other.key() + "' and '" + column.key() + "'");
        }
      }
    }
  }

  /** The layout of the header row, adding the header's problems to {@code problems}. */
  ColumnLayout match(List<String> headerCells, List<ImportProblem> problems) {
    Map<String, Integer> indexByKey = new LinkedHashMap<>();
    Map<String, String> headerByKey = new HashMap<>();
    for (int i = 0; i < headerCells.size(); i++) {
      String header = CellText.clean(headerCells.get(i));
      if (header == null) {
        continue;
      }
      ImportColumn column = byFoldedName.get(CellText.foldHeader(header));
      if (column == null) {
        problems.add(ImportProblem.fileWarning(header, "import.header.unknown", header));
      } else if (indexByKey.containsKey(column.key())) {
        problems.add(ImportProblem.fileError(
            header, "import.header.duplicate", header, headerByKey.get(column.key())));
      } else {
        indexByKey.put(column.key(), i);
        headerByKey.put(column.key(), header);
      }
    }
    for (ImportColumn column : columns) {
      if (column.required() && !indexByKey.containsKey(column.key())) {
        problems.add(ImportProblem.fileError(
            column.header(), "import.header.missing", column.displayName()));
      }
    }
    return new ColumnLayout(
        columns.stream().map(ImportColumn::key).collect(Collectors.toSet()), indexByKey, headerByKey);
  }
}
