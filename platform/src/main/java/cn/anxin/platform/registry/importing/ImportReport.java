package cn.anxin.platform.registry.importing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an import found and did. Counts are of non-empty data rows. In a dry run the counts say
 * what the import would have done; {@link #written()} is then always false.
 */
public final class ImportReport {

  private final String kind;
  private final SheetFormat format;
  private final String encoding;
  private final ImportMode mode;
  private final boolean dryRun;
  private final boolean written;
  private final int rowsRead;
  private final List<ImportProblem> fileProblems;
  private final List<ImportProblem> problems;
  private final List<RowOutcome> rows;
  private final ImportMessages messages;

  private ImportReport(Builder b) {
    this.kind = b.kind;
    this.format = b.format;
    this.encoding = b.encoding;
    this.mode = b.mode;
    this.dryRun = b.dryRun;
    this.written = b.written;
    this.rowsRead = b.rowsRead;
    this.fileProblems = List.copyOf(b.fileProblems);
    this.problems = List.copyOf(b.problems);
    this.rows = List.copyOf(b.rows);
    this.messages = b.messages;
  }

  /** The target's {@link ImportTarget#kind() kind}. */
  public String kind() {
    return kind;
  }

  /** The file's format, or null when it could not be told (e.g. the file was too large). */
  public SheetFormat format() {
    return format;
  }

  /** The character set a CSV file was read in ({@code UTF-8}, {@code GB18030}...), else null. */
  public String encoding() {
    return encoding;
  }

  public ImportMode mode() {
    return mode;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** Whether a transaction that created or updated at least one record was committed. */
  public boolean written() {
    return written;
  }

  /** Non-empty data rows read (the header row not counted). */
  public int rowsRead() {
    return rowsRead;
  }

  public int created() {
    return count(RowOutcome.Status.CREATED);
  }

  public int updated() {
    return count(RowOutcome.Status.UPDATED);
  }

  public int unchanged() {
    return count(RowOutcome.Status.UNCHANGED);
  }

  /** Rows with at least one error. */
  public int rejected() {
    return count(RowOutcome.Status.REJECTED);
  }

  /** Valid rows not imported, because other rows had errors or the database failed. */
  public int skipped() {
    return count(RowOutcome.Status.SKIPPED);
  }

  /** Problems with the file as a whole: limits, format, header, database; errors and warnings. */
  public List<ImportProblem> fileProblems() {
    return fileProblems;
  }

  /** Problems of data rows, in row order. */
  public List<ImportProblem> problems() {
    return problems;
  }

  /** The fate of every data row, in row order (empty when the file was not read). */
  public List<RowOutcome> rows() {
    return rows;
  }

  /** Whether the file or any row has an error. */
  public boolean hasErrors() {
    return fileProblems.stream().anyMatch(ImportProblem::isError)
        || problems.stream().anyMatch(ImportProblem::isError);
  }

  /** A problem's message in the language of {@code locale}; null means Simplified Chinese. */
  public String message(ImportProblem problem, Locale locale) {
    return messages.format(locale, problem);
  }

  /** The report as JSON, messages in the language of {@code locale}, without per-row outcomes. */
  public JsonObject toJson(Locale locale) {
    return toJson(locale, false);
  }

  /**
   * The report as JSON: {@code kind, format, encoding, mode, dryRun, written, rowsRead, created,
   * updated, unchanged, rejected, skipped}, {@code fileProblems} and {@code problems} (each
   * {@code severity, row, column, value, code, args, message}) and, when {@code withRows},
   * {@code rows} (each {@code row, identity, status}).
   */
  public JsonObject toJson(Locale locale, boolean withRows) {
    JsonObject json = new JsonObject()
        .put("kind", kind)
        .put("format", format == null ? null : format.name())
        .put("encoding", encoding)
        .put("mode", mode.name())
        .put("dryRun", dryRun)
        .put("written", written)
        .put("rowsRead", rowsRead)
        .put("created", created())
        .put("updated", updated())
        .put("unchanged", unchanged())
        .put("rejected", rejected())
        .put("skipped", skipped())
        .put("fileProblems", problemsJson(fileProblems, locale))
        .put("problems", problemsJson(problems, locale));
    if (withRows) {
      JsonArray array = new JsonArray();
      rows.forEach(r -> array.add(new JsonObject()
          .put("row", r.row()).put("identity", r.identity()).put("status", r.status().name())));
      json.put("rows", array);
    }
    return json;
  }

  private JsonArray problemsJson(List<ImportProblem> list, Locale locale) {
    JsonArray array = new JsonArray();
    for (ImportProblem p : list) {
      array.add(new JsonObject()
          .put("severity", p.severity().name())
          .put("row", p.row())
          .put("column", p.column())
          .put("value", p.value())
          .put("code", p.code())
          .put("args", new JsonArray(new ArrayList<Object>(p.args())))
          .put("message", message(p, locale)));
    }
    return array;
  }

  private int count(RowOutcome.Status status) {
    return (int) rows.stream().filter(r -> r.status() == status).count();
  }

  /** Collects a report while an import runs. */
  static final class Builder {
    private final String kind;
    private final ImportMode mode;
    private final boolean dryRun;
    private final ImportMessages messages;
    private SheetFormat format;
    private String encoding;
    private boolean written;
    private int rowsRead;
    private final List<ImportProblem> fileProblems = new ArrayList<>();
    private final List<ImportProblem> problems = new ArrayList<>();
    private List<RowOutcome> rows = new ArrayList<>();

    Builder(String kind, ImportMode mode, boolean dryRun, ImportMessages messages) {
      this.kind = kind;
      this.mode = mode;
      this.dryRun = dryRun;
      this.messages = messages;
    }

    Builder read(SheetFormat format, String encoding, int rowsRead) {
      this.format = format;
      this.encoding = encoding;
      this.rowsRead = rowsRead;
      return this;
    }

    Builder fileProblem(ImportProblem problem) {
      fileProblems.add(problem);
      return this;
    }

    Builder fileProblems(List<ImportProblem> list) {
      fileProblems.addAll(list);
      return this;
    }

    Builder rowProblems(List<ImportProblem> list) {
      problems.addAll(list);
      return this;
    }

    Builder rows(List<RowOutcome> outcomes) {
      rows = new ArrayList<>(outcomes);
      return this;
    }

    Builder written(boolean value) {
      written = value;
      return this;
    }

    boolean hasFileErrors() {
      return fileProblems.stream().anyMatch(ImportProblem::isError);
    }

    ImportReport build() {
      return new ImportReport(this);
    }
  }
}
