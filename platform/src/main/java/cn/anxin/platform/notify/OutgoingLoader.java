package cn.anxin.platform.notify;

import cn.anxin.platform.notify.channel.Outgoing;
import cn.anxin.platform.privacy.NotifiableContacts;
import cn.anxin.platform.privacy.NotifiableContacts.Contact;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes claimed outbox rows ready to send, as things are at sending time: a family message goes
 * only if the contact still consents and still uses the channel ({@link NotifiableContacts} is asked
 * again: consent withdrawn while a message waited in quiet hours or in back-off stops it), to the
 * address the contact has now, written in the contact's language with the elder's name as it is now;
 * a webhook message only while its subscription is active.
 */
final class OutgoingLoader {

  private static final String DETAILS = "SELECT o.idempotency_key, o.channel, o.event, o.payload::text AS payload,"
      + " o.contact_id, a.elder_id, e.name AS elder_name, acc.locale, w.url, w.secret, w.active,"
      + " o.escalation_id"
      + " FROM notification_outbox o JOIN alert a ON a.id = o.alert_id JOIN elder e ON e.id = a.elder_id"
      + " LEFT JOIN elder_contact c ON c.id = o.contact_id LEFT JOIN account acc ON acc.id = c.account_id"
      + " LEFT JOIN webhook_subscription w ON w.id = o.webhook_id WHERE o.id = ?";

  /** A claimed row made ready: either the message to send or why it is not sent. */
  sealed interface Prepared {
    Outbox.Claim claim();
  }

  record Ready(Outbox.Claim claim, Outgoing message) implements Prepared {}

  record Skip(Outbox.Claim claim, SkipReason reason) implements Prepared {}

  private final Map<Long, List<Contact>> notifiable = new HashMap<>();

  /** One loader per round: the contacts it looks up are kept for the round only. */
  OutgoingLoader() {}

  Optional<Prepared> prepare(Connection c, Outbox.Claim claim) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(DETAILS)) {
      s.setLong(1, claim.id());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        if (r.getObject("escalation_id") != null) {
          return EscalationMessages.prepare(c, claim);
        }
        Channel channel = Channel.valueOf(r.getString("channel"));
        String key = r.getString("idempotency_key");
        JsonObject payload = new JsonObject(r.getString("payload"));
        if (channel == Channel.WEBHOOK) {
          if (!r.getBoolean("active")) {
            return Optional.of(new Skip(claim, SkipReason.WEBHOOK_REMOVED));
          }
          return Optional.of(new Ready(claim, new Outgoing(claim.id(), key, channel, claim.attempt(),
              r.getString("url"), "", payload.encode(), r.getString("secret"))));
        }
        Long contactId = r.getObject("contact_id", Long.class);
        if (contactId == null) {
          return Optional.of(new Skip(claim, SkipReason.CONTACT_REMOVED));
        }
        Optional<Contact> contact = contactsOf(c, r.getLong("elder_id")).stream()
            .filter(k -> k.id() == contactId).findFirst();
        if (contact.isEmpty() || !contact.get().channels().contains(channel.name())) {
          return Optional.of(new Skip(claim, SkipReason.NO_CONSENT));
        }
        SkipReason unreachable = FamilyRecipients.skipReason(contact.get(), channel);
        if (unreachable != null) {
          return Optional.of(new Skip(claim, unreachable));
        }
        var locale = FamilyText.localeOf(r.getString("locale"));
        NotifyEvent event = NotifyEvent.valueOf(r.getString("event"));
        FamilyText.Text text = FamilyText.render(locale, event, payload, r.getString("elder_name"));
        if (channel == Channel.APP) {
          return Optional.of(AppMessages.prepare(c, claim, key, contact.get(), event, locale, text));
        }
        String address = channel == Channel.SMS ? contact.get().phone().orElseThrow()
            : contact.get().email().orElseThrow();
        String body = channel == Channel.EMAIL ? FamilyText.mailBody(locale, text) : text.body();
        return Optional.of(new Ready(claim, new Outgoing(claim.id(), key, channel, claim.attempt(), address,
            text.subject(), body, "")));
      }
    }
  }

  private List<Contact> contactsOf(Connection c, long elderId) throws SQLException {
    List<Contact> known = notifiable.get(elderId);
    if (known == null) {
      known = NotifiableContacts.list(c, elderId);
      notifiable.put(elderId, known);
    }
    return known;
  }
}
