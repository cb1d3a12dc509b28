package cn.anxin.platform.notify.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads outbox rows as the API shows them: the recipient by name and masked address (a contact) or
 * by the URL's origin (a webhook), the status, attempts and times.
 */
public final class NotificationViews {

  private static final String SELECT = "SELECT o.id, o.alert_id, o.event, o.channel, o.status, o.skip_reason,"
      + " o.attempts, o.created_at, o.next_attempt_at, o.delivered_at, o.receipt, o.last_error, o.contact_id,"
      + " c.name, c.relation, c.phone, c.email, o.webhook_id, w.url, a.elder_id,"
      + " o.escalation_id, o.account_id, who.display_name AS account_name, who.role AS account_role,"
      + " who.phone AS account_phone, who.email AS account_email, o.payload->>'to' AS bureau_address"
      + " FROM notification_outbox o JOIN alert a ON a.id = o.alert_id"
      + " LEFT JOIN account who ON who.id = o.account_id"
      + " LEFT JOIN elder_contact c ON c.id = o.contact_id"
      + " LEFT JOIN webhook_subscription w ON w.id = o.webhook_id";

  /** A row as shown, and the elder it was about (for the access audit). */
  public record View(long id, long elderId, JsonObject json) {}

  /** The notifications about one alert, in the order they were planned. */
  public List<View> ofAlert(Connection c, long alertId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE o.alert_id = ? ORDER BY o.id")) {
      s.setLong(1, alertId);
      return read(s);
    }
  }

  public Optional<View> byId(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE o.id = ?")) {
      s.setLong(1, id);
      return read(s).stream().findFirst();
    }
  }

  /** DEAD notifications, the most recently given up first. */
  public List<View> dead(Connection c, int limit, int offset) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT
        + " WHERE o.status = 'DEAD' ORDER BY o.updated_at DESC, o.id DESC LIMIT ? OFFSET ?")) {
      s.setInt(1, limit);
      s.setInt(2, offset);
      return read(s);
    }
  }

  public long deadCount(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM notification_outbox WHERE status = 'DEAD'");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  static JsonArray json(List<View> views) {
    JsonArray array = new JsonArray();
    views.forEach(v -> array.add(v.json()));
    return array;
  }

  private static List<View> read(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      List<View> views = new ArrayList<>();
      while (r.next()) {
        String status = r.getString("status");
        boolean waiting = "PENDING".equals(status) || "SENDING".equals(status);
        JsonObject json = new JsonObject()
            .put("id", r.getLong("id"))
            .put("alertId", r.getLong("alert_id"))
            .put("event", r.getString("event"))
            .put("channel", r.getString("channel"))
            .put("recipient", recipient(r))
            .put("status", status)
            .put("skipReason", r.getString("skip_reason"))
            .put("attempts", r.getInt("attempts"))
            .put("createdAt", text(r.getTimestamp("created_at")))
            .put("nextAttemptAt", waiting ? text(r.getTimestamp("next_attempt_at")) : null)
            .put("deliveredAt", text(r.getTimestamp("delivered_at")))
            .put("receipt", r.getString("receipt"))
            .put("lastError", r.getString("last_error"));
        views.add(new View(r.getLong("id"), r.getLong("elder_id"), json));
      }
      return views;
    }
  }

  private static JsonObject recipient(ResultSet r) throws SQLException {
    String channel = r.getString("channel");
    if ("WEBHOOK".equals(channel)) {
      return new JsonObject().put("type", "WEBHOOK").put("webhookId", r.getLong("webhook_id"))
          .put("url", Masks.origin(r.getString("url")));
    }
    Long contactId = r.getObject("contact_id", Long.class);
    if (r.getObject("escalation_id") != null && contactId == null) {
      return escalationRecipient(r, channel);
    }
    String address = switch (channel) {
      case "EMAIL" -> Masks.email(r.getString("email"));
      case "SMS", "VOICE" -> Masks.phone(r.getString("phone"));
      default -> null;
    };
    return new JsonObject().put("type", "CONTACT").put("contactId", contactId).put("name", r.getString("name"))
        .put("relation", r.getString("relation")).put("address", address);
  }

  /** An escalation's recipient: a supervisor or bureau account, or the bureau's configured address. */
  private static JsonObject escalationRecipient(ResultSet r, String channel) throws SQLException {
    Long account = r.getObject("account_id", Long.class);
    if (account == null) {
      return new JsonObject().put("type", "BUREAU").put("address", Masks.email(r.getString("bureau_address")));
    }
    String address = "EMAIL".equals(channel) ? Masks.email(r.getString("account_email"))
        : Masks.phone(r.getString("account_phone"));
    return new JsonObject().put("type", "ACCOUNT").put("accountId", account).put("name", r.getString("account_name"))
        .put("role", r.getString("account_role")).put("address", address);
  }

  private static String text(Timestamp at) {
    return at == null ? null : at.toInstant().toString();
  }
}
