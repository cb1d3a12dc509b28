package cn.anxin.platform.registry.importing;

import cn.anxin.platform.registry.importing.RowOutcome.Status;
import cn.anxin.platform.registry.importing.SheetData.SheetRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a spreadsheet (CSV or XLSX, told apart by content) into a register through an
 * {@link ImportTarget}.
 *
 * <p>Every row is validated before anything is written. In {@link ImportMode#ALL_OR_NOTHING} a
 * single invalid row means nothing is imported (every problem is still reported); in
 * {@link ImportMode#VALID_ROWS} the valid rows are imported and the invalid ones reported. The
 * rows to import are upserted in one transaction: a database error rolls all of them back and
 * becomes a file-level error. A dry run does everything, upserts included, then rolls back.
 *
 * <p>Files over {@value #MAX_FILE_BYTES} bytes or with over {@value #MAX_ROWS} data rows are
 * refused with a file-level error before any row is looked at.
 */
public final class ImportRunner {

  /** The largest file accepted: 10 MiB. */
  public static final int MAX_FILE_BYTES = 10 * 1024 * 1024;
  /** The most non-empty data rows accepted in one file. */
  public static final int MAX_ROWS = 50_000;

  private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);

  private ImportRunner() {}

  /** A row that parsed without error, waiting to be upserted. */
  private record Parsed<D>(int index, int row, String identity, D draft) {}

  /**
   * Reads, validates and (unless a row or the file has an error that stops it) upserts
   * {@code file}. Never throws for bad files or database errors, which are in the report; throws
   * {@link IllegalArgumentException} for a target whose columns contradict each other, and lets a
   * target's runtime exceptions through (after rolling back).
   *
   * @param ds where the register lives; one connection is used, for the upsert transaction
   * @param target the register's rules
   * @param file the file's bytes, as uploaded
   * @param mode what to do when some rows are invalid; null means {@link ImportMode#ALL_OR_NOTHING}
   * @param dryRun when true, run the upserts and roll them back, to report what would happen
   * @param ctx who imports, and when; passed to every upsert
   */
  public static <D> ImportReport run(DataSource ds, ImportTarget<D> target, byte[] file,
      ImportMode mode, boolean dryRun, ImportContext ctx) {
    Objects.requireNonNull(ds, "ds");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(ctx, "ctx");
    ImportMode effectiveMode = mode == null ? ImportMode.ALL_OR_NOTHING : mode;
    HeaderMatcher matcher = new HeaderMatcher(target.columns());
    ImportReport.Builder report = new ImportReport.Builder(
        target.kind(), effectiveMode, dryRun, ImportMessages.of(target.messageBundle()));

    if (file.length == 0) {
      return report.fileProblem(ImportProblem.fileError(null, "import.file.empty")).build();
    }
    if (file.length > MAX_FILE_BYTES) {
      return report.fileProblem(ImportProblem.fileError(
          null, "import.file.tooLarge", mebibytes(file.length), mebibytes(MAX_FILE_BYTES))).build();
    }
    SheetData sheet;
    try {
      sheet = SheetFormat.detect(file) == SheetFormat.XLSX
          ? XlsxSheetReader.read(file, MAX_ROWS)
          : CsvSheetReader.read(file, MAX_ROWS);
    } catch (SheetReadException e) {
      return report.fileProblem(e.problem()).build();
    }
    List<SheetRow> rows = sheet.rows();
    int dataRows = Math.max(0, rows.size() - 1);
    if (dataRows > MAX_ROWS) {
      return report.read(sheet.format(), sheet.encoding(), 0)
          .fileProblem(ImportProblem.fileError(null, "import.file.tooManyRows", MAX_ROWS))
          .build();
    }
    report.read(sheet.format(), sheet.encoding(), dataRows);
    if (rows.isEmpty()) {
      return report.fileProblem(ImportProblem.fileError(null, "import.file.noHeader")).build();
    }
    List<ImportProblem> headerProblems = new ArrayList<>();
    ColumnLayout layout = matcher.match(rows.get(0).cells(), headerProblems);
    report.fileProblems(headerProblems);
    if (report.hasFileErrors()) {
      return report.build();
    }
    if (dataRows == 0) {
      return report.fileProblem(ImportProblem.fileWarning(null, "import.file.noRows")).build();
    }

    RowOutcome[] outcomes = new RowOutcome[dataRows];
    List<Parsed<D>> valid = validate(target, layout, rows.subList(1, rows.size()), outcomes, report);
    boolean blocked = effectiveMode == ImportMode.ALL_OR_NOTHING && valid.size() < dataRows;
    if (!blocked && !valid.isEmpty()) {
      upsertAll(ds, target, valid, ctx, dryRun, outcomes, report);
    }
    for (Parsed<D> p : valid) {
      if (outcomes[p.index()] == null) {
        outcomes[p.index()] = new RowOutcome(p.row(), p.identity(), Status.SKIPPED);
      }
    }
    return report.rows(Arrays.asList(outcomes)).build();
  }

  private static <D> List<Parsed<D>> validate(ImportTarget<D> target, ColumnLayout layout,
      List<SheetRow> dataRows, RowOutcome[] outcomes, ImportReport.Builder report) {
    List<String> requiredKeys = target.columns().stream()
        .filter(ImportColumn::required).map(ImportColumn::key).toList();
    List<Parsed<D>> valid = new ArrayList<>();
    Map<String, Integer> firstRowByIdentity = new HashMap<>();
    List<ImportProblem> problems = new ArrayList<>();
    for (int i = 0; i < dataRows.size(); i++) {
      ImportRow row = new ImportRow(dataRows.get(i).number(), layout, dataRows.get(i).cells());
      RowProblems rowProblems = row.problems();
      for (String key : requiredKeys) {
        if (row.isBlank(key)) {
          rowProblems.error(key, "import.value.required");
        }
      }
      D draft = target.parse(row, rowProblems);
      String identity = null;
      if (!rowProblems.hasErrors()) {
        if (draft == null) {
          rowProblems.rowError("import.row.unusable");
        } else {
          identity = target.identity(draft);
          Integer first = identity == null ? null : firstRowByIdentity.putIfAbsent(identity, row.number());
          if (first != null) {
            rowProblems.rowError("import.row.duplicate", first, identity);
          }
        }
      }
      problems.addAll(rowProblems.list());
      if (rowProblems.hasErrors()) {
        outcomes[i] = new RowOutcome(row.number(), identity, Status.REJECTED);
      } else {
        valid.add(new Parsed<>(i, row.number(), identity, draft));
      }
    }
    report.rowProblems(problems);
    return valid;
  }

  /** Upserts every valid row in one transaction; on a database error, none of them stays. */
  private static <D> void upsertAll(DataSource ds, ImportTarget<D> target, List<Parsed<D>> valid,
      ImportContext ctx, boolean dryRun, RowOutcome[] outcomes, ImportReport.Builder report) {
    try (Connection c = ds.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      Parsed<D> current = null;
      try {
        for (Parsed<D> p : valid) {
          current = p;
          Outcome outcome = Objects.requireNonNull(target.upsert(c, p.draft(), ctx), "outcome");
          outcomes[p.index()] = new RowOutcome(p.row(), p.identity(), Status.of(outcome));
        }
        current = null;
        if (dryRun) {
          c.rollback();
        } else {
          c.commit();
          report.written(valid.stream().map(p -> outcomes[p.index()].status())
              .anyMatch(s -> s == Status.CREATED || s == Status.UPDATED));
        }
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        valid.forEach(p -> outcomes[p.index()] = null);
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        SQLException sql = (SQLException) e;
        LOG.warn("Import of {} rolled back at row {}", target.kind(), current == null ? "-" : current.row(), sql);
        report.fileProblem(current == null
            ? ImportProblem.fileError(null, "import.database.failed", sql.getSQLState())
            : ImportProblem.fileError(null, "import.database.rowFailed", current.row(), sql.getSQLState()));
      } finally {
        restoreAutoCommit(c, autoCommit);
      }
    } catch (SQLException e) {
      LOG.warn("Import of {}: no database connection", target.kind(), e);
      report.fileProblem(ImportProblem.fileError(null, "import.database.unavailable", e.getSQLState()));
    }
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      // the outcome is settled by now; the pool resets or discards the connection anyway
      LOG.debug("Could not restore auto-commit", e);
    }
  }

  private static String mebibytes(long bytes) {
    long mib = 1024L * 1024L;
    if (bytes % mib == 0) {
      return bytes / mib + " MiB";
    }
    // rounded up, so that a file just over the limit never reads as being at it
    return String.format(Locale.ROOT, "%.1f MiB", Math.ceil(bytes * 10.0 / mib) / 10);
  }
}
