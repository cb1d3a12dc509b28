package cn.anxin.platform.notify;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook subscriptions of the elder's responsible site that want this step (by event and
 * severity), each with the exact JSON body it will be sent. The body is a thin event: ids, rule,
 * severity, statuses and times, no name or other personal data; a receiver that needs more reads
 * the alert through the API, where the read is scoped and audited.
 */
final class WebhookRecipients {

  private static final String SUBSCRIBED = "SELECT id FROM webhook_subscription WHERE site_id = ? AND active"
      + " AND ? = ANY (events) AND ? = ANY (severities) ORDER BY id";

  List<PlannedMessage> plan(Connection c, TransitionRow t, Instant now) throws SQLException {
    if (t.siteId() == null) {
      return List.of();
    }
    List<PlannedMessage> messages = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SUBSCRIBED)) {
      s.setLong(1, t.siteId());
      s.setString(2, t.event().name());
      s.setString(3, t.severity());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long webhook = r.getLong(1);
          String key = PlannedMessage.webhookKey(t.id(), webhook);
          messages.add(new PlannedMessage(key, t.event(), Channel.WEBHOOK, null, webhook, body(key, t), now, null));
        }
      }
    }
    return messages;
  }

  static JsonObject body(String deliveryId, TransitionRow t) {
    return new JsonObject()
        .put("deliveryId", deliveryId)
        .put("event", t.event().wireName())
        .put("occurredAt", t.at().toString())
        .put("alert", new JsonObject()
            .put("id", t.alertId())
            .put("elderId", t.elderId())
            .put("siteId", t.siteId())
            .put("rule", t.rule())
            .put("severity", t.severity())
            .put("status", t.to().name())
            .put("previousStatus", t.from() == null ? null : t.from().name())
            .put("disposition", t.disposition())
            .put("raisedAt", t.raisedAt().toString())
            .put("eventTime", t.eventTime().toString())
            .put("href", "/api/alerts/" + t.alertId()));
  }
}
