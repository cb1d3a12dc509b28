package cn.anxin.platform.alerts;

import cn.anxin.platform.api.rest.FieldError;
import java.util.List;
import java.util.Optional;

/** How a {@link MoveRequest} ended; the API turns each into one HTTP answer. */
public sealed interface MoveOutcome {

  /** Done: the alert as it now is, and the step that was written. */
  record Moved(AlertView alert, Transition transition) implements MoveOutcome {}

  /** No such alert in the caller's scope. */
  record NotFound() implements MoveOutcome {}

  /** The request breaks a rule of its own (disposition, note, assignee); nothing was changed. */
  record Invalid(List<FieldError> errors) implements MoveOutcome {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /** Someone else moved the alert first: it is no longer in the expected status. */
  record Changed(AlertStatus current, Optional<Transition> last) implements MoveOutcome {}

  /**
   * The alert is in the expected status, but the move is not allowed from it (closed, or not
   * forward); {@code last} is the step that put it there.
   */
  record Refused(AlertStatus current, AlertStatus to, Optional<Transition> last) implements MoveOutcome {}
}
