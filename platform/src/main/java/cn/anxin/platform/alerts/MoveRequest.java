package cn.anxin.platform.alerts;

import java.util.Objects;
import java.util.Optional;

/**
 * A person's request to move an alert on in its life.
 *
 * @param to the status to move to
 * @param expected the status the person saw; the move happens only if the alert is still in it
 * @param note what they want on record (blank counts as none)
 * @param disposition why the alert is closed; required for, and only for, a closing move
 * @param assigneeId for a dispatch: the staff member sent (the caller when absent)
 */
public record MoveRequest(
    AlertStatus to,
    AlertStatus expected,
    Optional<String> note,
    Optional<Disposition> disposition,
    Optional<Long> assigneeId) {

  public MoveRequest {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(expected, "expected");
    note = note.map(String::strip).filter(n -> !n.isEmpty());
  }
}
