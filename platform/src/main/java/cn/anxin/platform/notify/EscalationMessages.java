package cn.anxin.platform.notify;

import cn.anxin.platform.notify.OutgoingLoader.Prepared;
import cn.anxin.platform.notify.OutgoingLoader.Ready;
import cn.anxin.platform.notify.OutgoingLoader.Skip;
import cn.anxin.platform.notify.channel.Outgoing;
import cn.anxin.platform.privacy.NotifiableContacts;
import cn.anxin.platform.privacy.NotifiableContacts.Contact;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes a claimed escalation row ready to send, as things are at sending time: an account's message
 * goes to the phone or e-mail address the account has now, in its language, while it is enabled; a
 * family contact's as the family's other messages (consent and channel asked again); the bureau's
 * configured address as planned.
 */
final class EscalationMessages {

  private static final String DETAILS = "SELECT o.idempotency_key, o.channel, o.event, o.payload::text AS payload,"
      + " o.contact_id, o.account_id, a.elder_id, e.name AS elder_name, s.name AS site_name,"
      + " acc.locale AS account_locale, acc.phone AS account_phone, acc.email AS account_email,"
      + " acc.enabled AS account_enabled, cacc.locale AS contact_locale"
      + " FROM notification_outbox o JOIN alert a ON a.id = o.alert_id JOIN elder e ON e.id = a.elder_id"
      + " LEFT JOIN site s ON s.id = e.site_id LEFT JOIN account acc ON acc.id = o.account_id"
      + " LEFT JOIN elder_contact c ON c.id = o.contact_id LEFT JOIN account cacc ON cacc.id = c.account_id"
      + " WHERE o.id = ?";

  private EscalationMessages() {}

  static Optional<Prepared> prepare(Connection c, Outbox.Claim claim) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(DETAILS)) {
      s.setLong(1, claim.id());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Channel channel = Channel.valueOf(r.getString("channel"));
        NotifyEvent event = NotifyEvent.valueOf(r.getString("event"));
        JsonObject payload = new JsonObject(r.getString("payload"));
        String key = r.getString("idempotency_key");
        Long accountId = r.getObject("account_id", Long.class);
        Long contactId = r.getObject("contact_id", Long.class);
        if (accountId != null) {
          if (!r.getBoolean("account_enabled")) {
            return Optional.of(new Skip(claim, SkipReason.ACCOUNT_DISABLED));
          }
          String address = channel == Channel.SMS ? r.getString("account_phone") : r.getString("account_email");
          if (address == null || address.isBlank()) {
            return Optional.of(new Skip(claim, SkipReason.NO_ADDRESS));
          }
          Locale locale = FamilyText.localeOf(r.getString("account_locale"));
          return Optional.of(ready(claim, key, channel, locale, address,
              EscalationText.staff(locale, event, payload, r.getString("elder_name"), r.getString("site_name"))));
        }
        if (payload.containsKey("to")) {
          Locale locale = FamilyText.localeOf(null);
          return Optional.of(ready(claim, key, channel, locale, payload.getString("to"),
              EscalationText.staff(locale, event, payload, r.getString("elder_name"), r.getString("site_name"))));
        }
        if (contactId == null) {
          return Optional.of(new Skip(claim, SkipReason.CONTACT_REMOVED));
        }
        Optional<Contact> contact = NotifiableContacts.list(c, r.getLong("elder_id")).stream()
            .filter(k -> k.id() == contactId).findFirst();
        if (contact.isEmpty() || !contact.get().channels().contains(channel.name())) {
          return Optional.of(new Skip(claim, SkipReason.NO_CONSENT));
        }
        SkipReason unreachable = FamilyRecipients.skipReason(contact.get(), channel);
        if (unreachable != null) {
          return Optional.of(new Skip(claim, unreachable));
        }
        Locale locale = FamilyText.localeOf(r.getString("contact_locale"));
        if (channel == Channel.APP) {
          return Optional.of(AppMessages.prepare(c, claim, key, contact.get(), event, locale,
              EscalationText.family(locale, payload, r.getString("elder_name"))));
        }
        String address = channel == Channel.SMS ? contact.get().phone().orElseThrow()
            : contact.get().email().orElseThrow();
        return Optional.of(ready(claim, key, channel, locale, address,
            EscalationText.family(locale, payload, r.getString("elder_name"))));
      }
    }
  }

  private static Prepared ready(Outbox.Claim claim, String key, Channel channel, Locale locale, String address,
      FamilyText.Text text) {
    String body = channel == Channel.EMAIL ? EscalationText.mailBody(locale, text) : text.body();
    return new Ready(claim, new Outgoing(claim.id(), key, channel, claim.attempt(), address, text.subject(), body, ""));
  }
}
