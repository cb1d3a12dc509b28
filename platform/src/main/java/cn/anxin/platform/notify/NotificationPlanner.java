package cn.anxin.platform.notify;

import cn.anxin.platform.alerts.AlertStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed alert transitions into outbox rows, each transition exactly once, in one
 * transaction with its marker: the transitions not yet planned are taken with
 * {@code FOR NO KEY UPDATE SKIP LOCKED} (a concurrent planner takes others), each gets a row of
 * {@code notification_planning} (the insert stops a second planning even without the lock) and its
 * messages ({@link FamilyRecipients}, {@link WebhookRecipients}; the outbox's idempotency key is the
 * third guard). The planner looks only above a floor that moves up past transitions planned and
 * older than a grace period, so the look stays small however long the history gets, and a
 * transition that commits late is still found. A transition whose planning fails is marked with the
 * error and an administrator notice, so one bad row does not stop the others.
 */
public final class NotificationPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationPlanner.class);

  private static final String UNPLANNED = "SELECT t.id, t.alert_id, t.from_status, t.to_status, t.at, t.disposition,"
      + " who.role AS by_role, a.rule, a.severity, a.raised_at, a.event_time, a.elder_id, e.site_id"
      + " FROM alert_transition t JOIN alert a ON a.id = t.alert_id JOIN elder e ON e.id = a.elder_id"
      + " LEFT JOIN account who ON who.id = t.account_id"
      + " WHERE t.id > (SELECT below FROM notification_planner)"
      + " AND NOT EXISTS (SELECT 1 FROM notification_planning p WHERE p.transition_id = t.id)"
      + " ORDER BY t.id LIMIT ? FOR NO KEY UPDATE OF t SKIP LOCKED";
  private static final String MARK = "INSERT INTO notification_planning (transition_id, planned_at) VALUES (?, ?)"
      + " ON CONFLICT DO NOTHING";
  private static final String COUNT =
      "UPDATE notification_planning SET messages = ?, error = ? WHERE transition_id = ?";
  private static final String LOCK_FLOOR = "SELECT below FROM notification_planner FOR UPDATE SKIP LOCKED";
  private static final String RAISE_FLOOR = "UPDATE notification_planner SET below = GREATEST(below, COALESCE("
      + "(SELECT min(t.id) - 1 FROM alert_transition t WHERE t.id > below AND (t.at > ?"
      + " OR NOT EXISTS (SELECT 1 FROM notification_planning p WHERE p.transition_id = t.id))),"
      + " (SELECT max(t.id) FROM alert_transition t WHERE t.id > below), below))";

  private final Clock clock;
  private final int batchSize;
  private final Duration grace;
  private final FamilyRecipients family = new FamilyRecipients();
  private final WebhookRecipients webhooks = new WebhookRecipients();
  private final Outbox outbox = new Outbox();

  public NotificationPlanner(Clock clock, int batchSize, Duration grace) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.batchSize = batchSize;
    this.grace = Objects.requireNonNull(grace, "grace");
  }

  /** Plans every transition waiting, batch by batch; returns the outbox rows added. */
  public int planAll(DataSource dataSource) throws SQLException {
    int added = 0;
    while (true) {
      Batch batch = planBatch(dataSource);
      added += batch.messages();
      if (batch.transitions() < batchSize) {
        return added;
      }
    }
  }

  /** What one batch did. */
  public record Batch(int transitions, int messages) {}

  /** Plans up to one batch of transitions in one transaction. */
  public Batch planBatch(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Batch batch = planBatch(c);
        c.commit();
        return batch;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Plans up to one batch inside the caller's transaction. */
  Batch planBatch(Connection c) throws SQLException {
    Instant now = clock.instant();
    List<TransitionRow> rows = unplanned(c);
    int messages = 0;
    for (TransitionRow t : rows) {
      messages += planOne(c, t, now);
    }
    raiseFloor(c, now);
    return new Batch(rows.size(), messages);
  }

  private int planOne(Connection c, TransitionRow t, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MARK)) {
      s.setLong(1, t.id());
      s.setTimestamp(2, Timestamp.from(now));
      if (s.executeUpdate() == 0) {
        return 0;
      }
    }
    Savepoint before = c.setSavepoint();
    int added = 0;
    String error = null;
    try {
      List<PlannedMessage> messages = new ArrayList<>(family.plan(c, t, now));
      messages.addAll(webhooks.plan(c, t, now));
      for (PlannedMessage m : messages) {
        if (outbox.add(c, t, m, now)) {
          added++;
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback(before);
      added = 0;
      error = e.toString();
      LOG.error("notifications for transition {} of alert {} could not be planned: {}", t.id(), t.alertId(), error);
      AdminNotices.raise(c, AdminNotices.Kind.NOTIFICATION_PLANNING_FAILED, null, t.alertId(),
          "transition " + t.id() + ": " + error, now);
    }
    try (PreparedStatement s = c.prepareStatement(COUNT)) {
      s.setInt(1, added);
      s.setString(2, Outbox.cut(error, 1000));
      s.setLong(3, t.id());
      s.executeUpdate();
    }
    return added;
  }

  private List<TransitionRow> unplanned(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(UNPLANNED)) {
      s.setInt(1, batchSize);
      try (ResultSet r = s.executeQuery()) {
        List<TransitionRow> rows = new ArrayList<>();
        while (r.next()) {
          String from = r.getString("from_status");
          rows.add(new TransitionRow(r.getLong("id"), r.getLong("alert_id"),
              from == null ? null : AlertStatus.valueOf(from), AlertStatus.valueOf(r.getString("to_status")),
              r.getTimestamp("at").toInstant(), r.getString("disposition"), r.getString("by_role"),
              r.getString("rule"), r.getString("severity"), r.getTimestamp("raised_at").toInstant(),
              r.getTimestamp("event_time").toInstant(), r.getLong("elder_id"), r.getObject("site_id", Long.class)));
        }
        return rows;
      }
    }
  }

  /** Moves the floor up when no other planner holds it; a held floor is moved by its holder. */
  private void raiseFloor(Connection c, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LOCK_FLOOR); ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return;
      }
    }
    try (PreparedStatement s = c.prepareStatement(RAISE_FLOOR)) {
      s.setTimestamp(1, Timestamp.from(now.minus(grace)));
      s.executeUpdate();
    }
  }
}
