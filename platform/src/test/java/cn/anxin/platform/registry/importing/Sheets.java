package cn.anxin.platform.registry.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Spreadsheet files for the import tests, built in memory. */
final class Sheets {

  private Sheets() {}

  /** CSV lines joined with CRLF, as Excel writes them, UTF-8 without a byte-order mark. */
  static byte[] csv(String... lines) {
    return csv(StandardCharsets.UTF_8, lines);
  }

  static byte[] csv(Charset charset, String... lines) {
    return (String.join("\r\n", lines) + "\r\n").getBytes(charset);
  }

  /** UTF-8 CSV with the byte-order mark Excel's "CSV UTF-8" puts first. */
  static byte[] csvWithBom(String... lines) {
    byte[] body = csv(lines);
    byte[] file = new byte[body.length + 3];
    file[0] = (byte) 0xEF;
    file[1] = (byte) 0xBB;
    file[2] = (byte) 0xBF;
    System.arraycopy(body, 0, file, 3, body.length);
    return file;
  }

  /** An XLSX workbook of one sheet, filled by {@code fill} (rows and columns from 0). */
  static byte[] xlsx(Consumer<Worksheet> fill) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Workbook workbook = new Workbook(out, "AnxinTest", "1.0");
      Worksheet sheet = workbook.newWorksheet("老人名册");
      fill.accept(sheet);
      workbook.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes a row of text cells. */
  static void textRow(Worksheet sheet, int row, String... cells) {
    for (int c = 0; c < cells.length; c++) {
      sheet.value(row, c, cells[c]);
    }
  }
}
