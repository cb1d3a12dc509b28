package cn.anxin.platform.notify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One message the planner decided on: a row of the outbox to be.
 *
 * @param key the idempotency key: transition, recipient and channel
 * @param contactId the family contact, or null for a webhook
 * @param webhookId the webhook subscription, or null for a family contact
 * @param dueAt when it may first be sent (later than now only in quiet hours)
 * @param skip why it is recorded but not sent, or null
 */
public record PlannedMessage(String key, NotifyEvent event, Channel channel, Long contactId, Long webhookId,
    JsonObject payload, Instant dueAt, SkipReason skip) {

  public PlannedMessage {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(dueAt, "dueAt");
  }

  static String contactKey(long transitionId, long contactId, Channel channel) {
    return "t" + transitionId + ":c" + contactId + ":" + channel.name();
  }

  static String webhookKey(long transitionId, long webhookId) {
    return "t" + transitionId + ":w" + webhookId;
  }
}
