package cn.anxin.platform.registry.importing;

import cn.anxin.platform.registry.importing.SheetData.SheetRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the first sheet of an XLSX workbook, streaming, cells turned into text by
 * {@link XlsxCellText}. Rows are numbered as Excel shows them.
 */
final class XlsxSheetReader {

  private static final Logger LOG = LoggerFactory.getLogger(XlsxSheetReader.class);

  /** With cell formats, to tell date cells from numbers; a bad cell is an error cell. */
  private static final ReadingOptions OPTIONS = new ReadingOptions(true, true);

  private XlsxSheetReader() {}

  /** Rows read in all, blank ones included, before a sheet counts as too long. */
  static final int MAX_SCANNED_ROWS = 200_000;
  /** Cells read of one row; a register has a few dozen columns. */
  static final int MAX_CELLS = 500;

  static SheetData read(byte[] file, int maxDataRows) throws SheetReadException {
    XlsxGuard.check(file);
    List<SheetRow> rows = new ArrayList<>();
    int scanned = 0;
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file), OPTIONS);
        Stream<Row> stream = workbook.getFirstSheet().openStream()) {
      Iterator<Row> it = stream.iterator();
      while (it.hasNext() && rows.size() <= maxDataRows + 1) {
        if (++scanned > MAX_SCANNED_ROWS) {
          throw new SheetReadException("import.file.tooManyRowsScanned");
        }
        SheetRow row = toSheetRow(it.next());
        if (!row.isBlank()) {
          rows.add(row);
        }
      }
    } catch (SheetReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // fastexcel reports a damaged or non-XLSX zip with unchecked exceptions as well
      LOG.debug("Unreadable XLSX file", e);
      throw new SheetReadException("import.file.unreadable");
    }
    return new SheetData(SheetFormat.XLSX, null, rows);
  }

  /** The row's cells as text, without the trailing blank (often merely formatted) ones. */
  private static SheetRow toSheetRow(Row row) {
    List<String> cells = new ArrayList<>();
    int kept = 0;
    for (int i = 0; i < Math.min(row.getCellCount(), MAX_CELLS); i++) {
      String text = XlsxCellText.of(row.getCell(i));
      cells.add(text);
      if (!text.isEmpty()) {
        kept = cells.size();
      }
    }
    return new SheetRow(row.getRowNum(), List.copyOf(cells.subList(0, kept)));
  }
}
