package cn.anxin.platform.registry.importing;

/**
 * What became of one data row.
 *
 * @param row the row number as the spreadsheet shows it (the header is usually row 1)
 * @param identity the target's {@link ImportTarget#identity identity} of the row, or null when
 *     the row could not be parsed
 * @param status what happened to it
 */
public record RowOutcome(int row, String identity, Status status) {

  /** The fate of a row. */
  public enum Status {
    CREATED,
    UPDATED,
    UNCHANGED,
    /** The row has errors; see the report's problems for this row. */
    REJECTED,
    /** The row is valid but was not imported: other rows had errors, or the database failed. */
    SKIPPED;

    static Status of(Outcome outcome) {
      return valueOf(outcome.name());
    }
  }
}
