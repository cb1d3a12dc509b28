package cn.anxin.platform.alerts;

import java.time.Instant;

/**
 * One step in an alert's life: from a status to another, when (to the second), by whom. The raise
 * is the first step, from {@code null} to {@link AlertStatus#OPEN}, by nobody (the system).
 *
 * @param accountId who moved it; null for the system
 * @param accountName that account's display name
 * @param accountRole that account's role
 * @param disposition why it was closed, on a closing step only
 * @param assigneeId the staff member sent, on a dispatch
 */
public record Transition(
    long id,
    long alertId,
    AlertStatus from,
    AlertStatus to,
    Instant at,
    Long accountId,
    String accountName,
    String accountRole,
    String note,
    Disposition disposition,
    Long assigneeId,
    String assigneeName) {

  public boolean isRaise() {
    return from == null;
  }
}
