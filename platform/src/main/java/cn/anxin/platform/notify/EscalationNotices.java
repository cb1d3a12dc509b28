package cn.anxin.platform.notify;

import cn.anxin.platform.privacy.NotifiableContacts;
import cn.anxin.platform.privacy.NotifiableContacts.Contact;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plans the messages of an escalation into the outbox, in the transaction that records the
 * escalation (so a recorded escalation is never left without its messages, and none is planned
 * twice: keys {@code e<escalation>:a<account>:<channel>}, {@code e<escalation>:c<contact>:<channel>},
 * {@code e<escalation>:b<n>}). Recipients: the enabled SUPERVISOR accounts of the elder's site, the
 * family contacts who consent (on the channels they chose), the enabled BUREAU accounts and the
 * bureau's configured e-mail addresses. Accounts are reached on the configured channels where they
 * have an address; without one the row is SKIPPED / NO_ADDRESS, so the gap is visible. Like the
 * other rows, the text is written when the message is sent ({@link EscalationMessages}).
 */
public final class EscalationNotices {

  /**
   * One escalation to tell about.
   *
   * @param payload what the texts are written from: alert id, rule, severity, times, level, reminder
   */
  public record Notice(long escalationId, NotifyEvent event, long alertId, long elderId, Long siteId,
      JsonObject payload) {

    public Notice {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(payload, "payload");
    }
  }

  private static final String INSERT = "INSERT INTO notification_outbox (idempotency_key, escalation_id, alert_id,"
      + " event, channel, contact_id, account_id, payload, status, skip_reason, created_at, next_attempt_at,"
      + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";
  private static final String SUPERVISORS = "SELECT a.id, a.phone, a.email FROM account a"
      + " JOIN account_site s ON s.account_id = a.id WHERE s.site_id = ? AND a.role = 'SUPERVISOR' AND a.enabled"
      + " ORDER BY a.id";
  private static final String BUREAU = "SELECT a.id, a.phone, a.email FROM account a"
      + " WHERE a.role = 'BUREAU' AND a.enabled ORDER BY a.id";

  /** The site's supervisors on each of {@code channels}; returns the rows added. */
  public int supervisors(Connection c, Notice n, List<String> channels, Instant now) throws SQLException {
    if (n.siteId() == null) {
      return 0;
    }
    return accounts(c, n, SUPERVISORS, n.siteId(), channels, now);
  }

  /** The bureau's accounts on each of {@code channels}, and its e-mail addresses; returns the rows added. */
  public int bureau(Connection c, Notice n, List<String> channels, List<String> emails, Instant now)
      throws SQLException {
    int added = accounts(c, n, BUREAU, null, channels, now);
    for (int i = 0; i < emails.size(); i++) {
      JsonObject payload = n.payload().copy().put("to", emails.get(i));
      added += add(c, n, "e" + n.escalationId() + ":b" + i, Channel.EMAIL, null, null, payload, null, now);
    }
    return added;
  }

  /** The elder's consenting family contacts, on each channel they chose; returns the rows added. */
  public int family(Connection c, Notice n, Instant now) throws SQLException {
    int added = 0;
    for (Contact contact : NotifiableContacts.list(c, n.elderId())) {
      for (String name : contact.channels()) {
        Channel channel = Channel.ofContact(name);
        if (channel == null) {
          continue;
        }
        added += add(c, n, "e" + n.escalationId() + ":c" + contact.id() + ":" + channel.name(), channel,
            contact.id(), null, n.payload(), FamilyRecipients.skipReason(contact, channel), now);
      }
    }
    return added;
  }

  private int accounts(Connection c, Notice n, String sql, Long siteId, List<String> channels, Instant now)
      throws SQLException {
    record Account(long id, String phone, String email) {}
    List<Account> accounts = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (siteId != null) {
        s.setLong(1, siteId);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          accounts.add(new Account(r.getLong(1), r.getString(2), r.getString(3)));
        }
      }
    }
    int added = 0;
    for (Account a : accounts) {
      for (String name : channels) {
        Channel channel = Channel.valueOf(name);
        String address = channel == Channel.SMS ? a.phone() : a.email();
        SkipReason skip = address == null || address.isBlank() ? SkipReason.NO_ADDRESS : null;
        added += add(c, n, "e" + n.escalationId() + ":a" + a.id() + ":" + channel.name(), channel, null, a.id(),
            n.payload(), skip, now);
      }
    }
    return added;
  }

  private static int add(Connection c, Notice n, String key, Channel channel, Long contactId, Long accountId,
      JsonObject payload, SkipReason skip, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, key);
      s.setLong(2, n.escalationId());
      s.setLong(3, n.alertId());
      s.setString(4, n.event().name());
      s.setString(5, channel.name());
      setLong(s, 6, contactId);
      setLong(s, 7, accountId);
      s.setString(8, payload.encode());
      s.setString(9, skip == null ? "PENDING" : "SKIPPED");
      s.setString(10, skip == null ? null : skip.name());
      s.setTimestamp(11, Timestamp.from(now));
      s.setTimestamp(12, Timestamp.from(now));
      s.setTimestamp(13, Timestamp.from(now));
      return s.executeUpdate();
    }
  }

  private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, value);
    }
  }
}
