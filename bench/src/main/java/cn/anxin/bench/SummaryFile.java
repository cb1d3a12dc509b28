package cn.anxin.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A part's headline figures for {@code bench/run-all.sh}: {@code bench/target/<part>/summary.tsv},
 * UTF-8, tab-separated, the header {@value #HEADER} and one figure a line (docs/BENCHMARKS.md,
 * "Summary files"). Rows are appended, the header written when the file is new or empty.
 */
final class SummaryFile {

  static final String HEADER = "part\tcase\tmetric\tvalue\tunit\tnote";
  static final List<String> COLUMNS = List.of(HEADER.split("\t"));

  private SummaryFile() {}

  static void append(Path file, String part, String caseName, String metric, String value,
      String unit, String note) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    StringBuilder text = new StringBuilder();
    if (!Files.exists(file) || Files.size(file) == 0) {
      text.append(HEADER).append('\n');
    }
    text.append(String.join("\t", clean(part), clean(caseName), clean(metric), clean(value),
        clean(unit), clean(note))).append('\n');
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static String clean(String s) {
    return s == null || s.isEmpty() ? "-" : s.replace('\t', ' ').replace('\n', ' ');
  }
}
