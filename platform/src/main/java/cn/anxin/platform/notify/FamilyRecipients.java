package cn.anxin.platform.notify;

import cn.anxin.platform.privacy.NotifiableContacts;
import cn.anxin.platform.privacy.NotifiableContacts.Contact;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whom of the elder's family to tell about a step, and on which channels. Only contacts that
 * {@link NotifiableContacts} lists (consent given and not withdrawn) are told, each on the channels
 * they chose: the raise to all of them, the closing to those who were told of the raise. Other
 * steps are the staff's working detail and go to no family, nor do alerts of {@link #NOT_FOR_FAMILY}. The payload holds no personal data:
 * the text is written at sending time (see {@link FamilyText}).
 */
final class FamilyRecipients {

  private static final String TOLD_OF_RAISE = "SELECT DISTINCT contact_id FROM notification_outbox"
      + " WHERE alert_id = ? AND event = 'ALERT_RAISED' AND contact_id IS NOT NULL";
  /** A raise still waiting for its first attempt (held by quiet hours) is said by the closing message. */
  private static final String SUPERSEDE = "UPDATE notification_outbox SET status = 'SKIPPED',"
      + " skip_reason = 'SUPERSEDED', updated_at = ? WHERE alert_id = ? AND event = 'ALERT_RAISED'"
      + " AND contact_id = ? AND channel = ? AND status = 'PENDING' AND attempts = 0";

  /**
   * Rules whose alerts are the care service's own work, not news about the elder: a visit that is
   * overdue goes to the community (DOMAIN.md rule 18), not to the family.
   */
  static final Set<String> NOT_FOR_FAMILY = Set.of("VISIT_OVERDUE");

  private final QuietHoursStore quietHours = new QuietHoursStore();

  List<PlannedMessage> plan(Connection c, TransitionRow t, Instant now) throws SQLException {
    NotifyEvent event = t.event();
    if (event == NotifyEvent.ALERT_CHANGED || NOT_FOR_FAMILY.contains(t.rule())) {
      return List.of();
    }
    List<Contact> contacts = NotifiableContacts.list(c, t.elderId());
    if (event == NotifyEvent.ALERT_CLOSED) {
      Set<Long> told = toldOfRaise(c, t.alertId());
      contacts = contacts.stream().filter(k -> told.contains(k.id())).toList();
    }
    JsonObject payload = payload(t);
    List<PlannedMessage> messages = new ArrayList<>();
    for (Contact contact : contacts) {
      Instant due = now;
      if (QuietHours.holds(t.severity())) {
        due = quietHours.of(c, contact.id()).map(q -> q.releaseAt(now)).orElse(now);
      }
      for (String name : contact.channels()) {
        Channel channel = Channel.ofContact(name);
        if (channel == null) {
          continue;
        }
        SkipReason skip = skipReason(contact, channel);
        if (event == NotifyEvent.ALERT_CLOSED && skip == null) {
          supersede(c, t.alertId(), contact.id(), channel, now);
        }
        messages.add(new PlannedMessage(PlannedMessage.contactKey(t.id(), contact.id(), channel), event, channel,
            contact.id(), null, payload, due, skip));
      }
    }
    return messages;
  }

  /** Why a contact cannot be reached on a channel, or null when it can. */
  static SkipReason skipReason(Contact contact, Channel channel) {
    if (!channel.isBuilt()) {
      return SkipReason.CHANNEL_NOT_BUILT;
    }
    boolean hasAddress = switch (channel) {
      case SMS -> contact.phone().filter(p -> !p.isBlank()).isPresent();
      case EMAIL -> contact.email().filter(e -> !e.isBlank()).isPresent();
      case APP -> contact.accountId().isPresent();
      default -> false;
    };
    return hasAddress ? null : SkipReason.NO_ADDRESS;
  }

  /** What the family text is written from: the event and its times, never who the elder is. */
  static JsonObject payload(TransitionRow t) {
    return new JsonObject()
        .put("alertId", t.alertId())
        .put("rule", t.rule())
        .put("severity", t.severity())
        .put("status", t.to().name())
        .put("at", t.at().toString())
        .put("eventTime", t.eventTime().toString())
        .put("disposition", t.disposition())
        .put("byRole", t.byRole());
  }

  private static Set<Long> toldOfRaise(Connection c, long alertId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(TOLD_OF_RAISE)) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        Set<Long> ids = new HashSet<>();
        while (r.next()) {
          ids.add(r.getLong(1));
        }
        return ids;
      }
    }
  }

  private static void supersede(Connection c, long alertId, long contactId, Channel channel, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SUPERSEDE)) {
      s.setTimestamp(1, java.sql.Timestamp.from(now));
      s.setLong(2, alertId);
      s.setLong(3, contactId);
      s.setString(4, channel.name());
      s.executeUpdate();
    }
  }
}
