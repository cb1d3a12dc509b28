package cn.anxin.platform.ingest;

import java.sql.SQLException;
import java.util.Set;

/**
 * A failure of the transaction rather than of an event: a serialization failure or a deadlock
 * (SQLState 40001, 40P01), found anywhere in the cause chain. The transaction is rolled back and
 * done again; the events it held are not at fault.
 */
final class RetryableFailure {

  private static final Set<String> STATES = Set.of("40001", "40P01");

  private RetryableFailure() {}

  static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null && STATES.contains(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** The failure as the SQLException that carries its SQLState, for the batch's retry. */
  static SQLException asSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null && STATES.contains(e.getSQLState())) {
        return t == failure ? e : new SQLException(failure.toString(), e.getSQLState(), failure);
      }
    }
    return new SQLException(failure.toString(), failure);
  }
}
