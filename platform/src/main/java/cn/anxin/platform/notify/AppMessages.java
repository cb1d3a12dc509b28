package cn.anxin.platform.notify;

import cn.anxin.platform.notify.OutgoingLoader.Prepared;
import cn.anxin.platform.notify.OutgoingLoader.Ready;
import cn.anxin.platform.notify.OutgoingLoader.Skip;
import cn.anxin.platform.notify.channel.Outgoing;
import cn.anxin.platform.privacy.NotifiableContacts.Contact;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The family app's message: the same words as the SMS (title and text, in the account's language),
 * as JSON, with the notification id and the delivery id as idempotency keys: the app shows a
 * notification once, however often it arrives. The address is the contact's FAMILY account; a
 * contact whose account has no live app credential cannot be reached on this channel.
 */
final class AppMessages {

  private static final String LIVE_APP = "SELECT 1 FROM family_push_credential p JOIN account a ON a.id = p.account_id"
      + " WHERE p.account_id = ? AND p.revoked_at IS NULL AND a.enabled";

  private AppMessages() {}

  static Prepared prepare(Connection c, Outbox.Claim claim, String key, Contact contact, NotifyEvent event,
      Locale locale, FamilyText.Text text) throws SQLException {
    if (contact.accountId().isEmpty() || !hasLiveApp(c, contact.accountId().get())) {
      return new Skip(claim, SkipReason.NO_ADDRESS);
    }
    String body = new JsonObject()
        .put("notificationId", claim.id())
        .put("deliveryId", key)
        .put("event", event.wireName())
        .put("lang", locale.toLanguageTag())
        .put("title", text.subject())
        .put("text", text.body())
        .encode();
    return new Ready(claim, new Outgoing(claim.id(), key, Channel.APP, claim.attempt(),
        String.valueOf(contact.accountId().get()), text.subject(), body, ""));
  }

  static boolean hasLiveApp(Connection c, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LIVE_APP)) {
      s.setLong(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
