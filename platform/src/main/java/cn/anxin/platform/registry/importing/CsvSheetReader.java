package cn.anxin.platform.registry.importing;

import cn.anxin.platform.registry.importing.SheetData.SheetRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV as Excel writes and reads it: quoted fields may hold separators and line breaks,
 * and each record is one spreadsheet row (so row numbers match what Excel shows). The separator
 * is the most frequent of comma, semicolon and tab on the first line, comma by default.
 */
final class CsvSheetReader {

  private CsvSheetReader() {}

  static SheetData read(byte[] file, int maxDataRows) throws SheetReadException {
    CsvDecoding.Decoded decoded = CsvDecoding.decode(file);
    String text = decoded.text();
    if (text.indexOf('\0') >= 0) {
      throw new SheetReadException("import.file.unreadable");
    }
    CSVFormat format = CSVFormat.EXCEL.builder().setDelimiter(separatorOf(text)).get();
    List<SheetRow> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(text, format)) {
      try {
        for (CSVRecord record : parser) {
          SheetRow row = new SheetRow((int) record.getRecordNumber(), record.toList());
          if (!row.isBlank()) {
            rows.add(row);
            if (rows.size() > maxDataRows + 1) {
              break;
            }
          }
        }
      } catch (UncheckedIOException malformed) {
        throw new SheetReadException("import.file.malformedCsv", parser.getCurrentLineNumber());
      }
    } catch (IOException e) {
      throw new SheetReadException("import.file.unreadable");
    }
    return new SheetData(SheetFormat.CSV, decoded.charset().name(), rows);
  }

  private static char separatorOf(String text) {
    int end = text.indexOf('\n');
    String firstLine = end < 0 ? text : text.substring(0, end);
    char best = ',';
    long bestCount = firstLine.chars().filter(c -> c == ',').count();
    for (char candidate : new char[] {';', '\t'}) {
      long count = firstLine.chars().filter(c -> c == candidate).count();
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }
}
