package cn.anxin.platform.privacy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The consent gate for notifications (PIPL art. 29: separate consent for sensitive data): the
 * contacts of an elder who may be told about the elder's alerts. A contact qualifies only when
 * {@code elder_contact.notify_consent} is true, the latest {@code NOTIFY_FAMILY} consent record for
 * that contact (if any) is a grant, not a withdrawal, and the elder has not been erased. The
 * notifier asks here and nowhere else.
 */
public final class NotifiableContacts {

  /** A contact the notifier may reach, with the channels they chose. */
  public record Contact(long id, String name, String relation, List<String> channels, Optional<String> phone,
      Optional<String> email, int priority, Optional<Long> accountId) {

    public Contact {
      channels = List.copyOf(channels);
    }
  }

  private static final String SELECT = "SELECT c.id, c.name, c.relation, c.channels, c.phone, c.email,"
      + " c.priority, c.account_id FROM elder_contact c JOIN elder e ON e.id = c.elder_id"
      + " WHERE c.elder_id = ? AND e.erased_at IS NULL AND c.notify_consent"
      + " AND COALESCE((SELECT r.granted FROM consent_record r"
      + " WHERE r.contact_id = c.id AND r.purpose = 'NOTIFY_FAMILY'"
      + " ORDER BY r.recorded_at DESC, r.id DESC LIMIT 1), true)"
      + " ORDER BY c.priority, c.id";

  private NotifiableContacts() {}

  /** The elder's contacts who consented to notifications, by priority (1 first). */
  public static List<Contact> list(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        List<Contact> contacts = new ArrayList<>();
        while (r.next()) {
          Long account = r.getObject("account_id", Long.class);
          contacts.add(new Contact(r.getLong("id"), r.getString("name"), r.getString("relation"),
              channels(r.getArray("channels")), Optional.ofNullable(r.getString("phone")),
              Optional.ofNullable(r.getString("email")), r.getInt("priority"), Optional.ofNullable(account)));
        }
        return contacts;
      }
    }
  }

  private static List<String> channels(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}
