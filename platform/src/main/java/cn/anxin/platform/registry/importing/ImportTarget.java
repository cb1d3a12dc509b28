package cn.anxin.platform.registry.importing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What one kind of register (elders, sites, devices...) needs to plug into the spreadsheet
 * import engine; {@link ImportRunner} does the rest: reading CSV or XLSX, matching headers,
 * validating every row, detecting repeated identities, the transaction, limits and the report.
 *
 * <p>For each file the runner calls, in order:
 * <ol>
 *   <li>{@link #columns()} once, to match the header row;
 *   <li>{@link #parse} for every non-empty data row, outside any transaction;
 *   <li>{@link #identity} for every row that parsed without error;
 *   <li>{@link #upsert} for every row to import, in file order, all on one connection inside one
 *       transaction that the runner commits or rolls back (dry runs always roll back).
 * </ol>
 *
 * <p>An implementation must be stateless, or at least safe to use for several files at once.
 *
 * <p>Re-importing a file must be idempotent: when nothing changed, {@link #upsert} must report
 * {@link Outcome#UNCHANGED} for every row and write nothing.
 *
 * @param <D> the target's draft: one row's parsed, validated values, ready to write
 */
public interface ImportTarget<D> {

  /** The register's name, e.g. {@code elders}, {@code sites} or {@code devices}; in reports. */
  String kind();

  /**
   * The columns understood, in the order of the official template. Keys must be unique and no
   * header or alias may name two columns (checked when an import starts).
   */
  List<ImportColumn> columns();

  /**
   * Turns a row into a draft. Read cells through {@code row}'s typed helpers, which record
   * row-and-column problems on bad input, and add the target's own checks (cross-field rules,
   * check digits...) to {@code problems}. Blank cells of required columns have already been
   * reported. Must not touch the database.
   *
   * @return the draft, or null when the row is unusable; whenever an error was recorded the row
   *     is rejected and whatever is returned is ignored
   */
  D parse(ImportRow row, RowProblems problems);

  /**
   * The identity {@link #upsert} matches an existing record by, normalised (e.g. an ID card
   * number upper-cased), for example {@code 110101194503050021}. When two rows of one file have
   * the same identity the later row is rejected ({@code import.row.duplicate}). May return null
   * when a draft has no identity (it is then never a duplicate).
   */
  String identity(D draft);

  /**
   * Inserts the draft, or updates the record with its identity. Runs in the runner's
   * transaction: never commit, roll back or change auto-commit on {@code c}. Throw the
   * {@link SQLException} rather than handling it: any database error rolls back the whole
   * import and is reported as a file-level error.
   *
   * @return {@link Outcome#CREATED} after an insert, {@link Outcome#UPDATED} after changing at
   *     least one value, {@link Outcome#UNCHANGED} when the record already held the draft's
   *     values (and nothing was written)
   */
  Outcome upsert(Connection c, D draft, ImportContext ctx) throws SQLException;

  /**
   * The classpath base name of the target's own messages, for the message keys it passes to
   * {@link RowProblems}; e.g. {@code i18n/import_elders} for
   * {@code i18n/import_elders_zh_CN.properties} and {@code i18n/import_elders_en.properties}
   * (UTF-8). They are looked up before the engine's own {@code i18n/import_*} bundle. Null
   * (the default) when the target uses only the engine's messages.
   */
  default String messageBundle() {
    return null;
  }
}
