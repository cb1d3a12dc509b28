package cn.anxin.platform.registry.importing;

import java.util.List;

/**
 * A spreadsheet's non-empty rows, first sheet only, header row first.
 *
 * @param format what the file was
 * @param encoding the character set a CSV file was decoded with, null for XLSX
 * @param rows the rows in file order, blank rows left out; at most {@code maxDataRows + 2} of
 *     them, so that a file over the limit is recognisable without being read to the end
 */
record SheetData(SheetFormat format, String encoding, List<SheetRow> rows) {

  /**
   * One row of cells as text.
   *
   * @param number the row number as the spreadsheet shows it (1 for the first row)
   * @param cells the cells' text, by column index from 0; missing cells are empty strings
   */
  record SheetRow(int number, List<String> cells) {

    boolean isBlank() {
      return cells.stream().allMatch(cell -> CellText.clean(cell) == null);
    }
  }
}
