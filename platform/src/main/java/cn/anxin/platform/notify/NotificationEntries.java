package cn.anxin.platform.notify;

import cn.anxin.platform.alerts.Audience;
import cn.anxin.platform.alerts.TimelineEntry;
import cn.anxin.platform.alerts.TimelineSource;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Timeline entries for the notifications sent about an alert: at the time a message was delivered
 * (else when it was planned), its event, channel, status and attempts, and to whom by name and
 * relation (addresses stay in {@code GET /api/alerts/{id}/notifications}). Family members see the
 * messages to the family only, and not those skipped; webhooks are the centres' own systems.
 */
public final class NotificationEntries implements TimelineSource {

  private static final String SELECT = "SELECT o.id, o.event, o.channel, o.status, o.skip_reason, o.attempts,"
      + " o.created_at, o.delivered_at, o.contact_id, c.name, c.relation, o.webhook_id,"
      + " o.escalation_id, o.account_id, who.display_name AS account_name, who.role AS account_role"
      + " FROM notification_outbox o LEFT JOIN elder_contact c ON c.id = o.contact_id"
      + " LEFT JOIN account who ON who.id = o.account_id WHERE o.alert_id = ?";
  private static final String FAMILY_ONLY = " AND o.channel <> 'WEBHOOK' AND o.status <> 'SKIPPED'"
      + " AND (o.escalation_id IS NULL OR o.contact_id IS NOT NULL)";

  @Override
  public List<TimelineEntry> entries(Connection c, long alertId, Audience audience) throws SQLException {
    String sql = SELECT + (audience.seesStaff() ? "" : FAMILY_ONLY) + " ORDER BY o.id";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        List<TimelineEntry> entries = new ArrayList<>();
        while (r.next()) {
          Timestamp delivered = r.getTimestamp("delivered_at");
          Timestamp at = delivered != null ? delivered : r.getTimestamp("created_at");
          JsonObject json = new JsonObject()
              .put("notificationId", r.getLong("id"))
              .put("event", r.getString("event"))
              .put("channel", r.getString("channel"))
              .put("status", r.getString("status"))
              .put("skipReason", r.getString("skip_reason"))
              .put("attempts", r.getInt("attempts"))
              .put("deliveredAt", delivered == null ? null : delivered.toInstant().toString())
              .put("recipient", recipient(r));
          entries.add(new TimelineEntry(TimelineEntry.Type.NOTIFICATION, at.toInstant(), r.getLong("id"), json));
        }
        return entries;
      }
    }
  }

  private static JsonObject recipient(ResultSet r) throws SQLException {
    if ("WEBHOOK".equals(r.getString("channel"))) {
      return new JsonObject().put("type", "WEBHOOK").put("webhookId", r.getLong("webhook_id"));
    }
    if (r.getObject("escalation_id") != null && r.getObject("contact_id") == null) {
      Long account = r.getObject("account_id", Long.class);
      return account == null ? new JsonObject().put("type", "BUREAU")
          : new JsonObject().put("type", "ACCOUNT").put("accountId", account)
              .put("name", r.getString("account_name")).put("role", r.getString("account_role"));
    }
    return new JsonObject().put("type", "CONTACT").put("contactId", r.getObject("contact_id", Long.class))
        .put("name", r.getString("name")).put("relation", r.getString("relation"));
  }
}
