package cn.anxin.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The consent gate the notifier asks before telling a contact anything, on a real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifiableContactsTest {

  private final IdCardVault vault = new IdCardVault(PiiKeys.ephemeral());
  private final Instant now = Instant.now();

  private HikariDataSource db;
  private long site;

  @BeforeAll
  void database() throws Exception {
    db = TestDatabases.fresh();
    site = TestElders.site(db, "S-DC-NOTIFY", "DAY_CARE", "鹿城镇日间照料中心");
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void givenContactsWithAndWithoutConsent_whenListed_thenOnlyThoseWithCurrentConsentComeByPriority()
      throws Exception {
    long elder = TestElders.elder(db, vault, site, "E-NOTIFY-1", "张桂英", TestElders.idCard(81));
    long daughter = TestElders.contact(db, elder, "张丽", true, 2, null);
    TestElders.consent(db, elder, daughter, "NOTIFY_FAMILY", true, now.minus(Duration.ofDays(20)));
    long son = TestElders.contact(db, elder, "张明", true, 1, null);
    long neighbour = TestElders.contact(db, elder, "邻居王大姐", false, 3, null);
    long withdrawn = TestElders.contact(db, elder, "张强", true, 1, null);
    TestElders.consent(db, elder, withdrawn, "NOTIFY_FAMILY", true, now.minus(Duration.ofDays(20)));
    TestElders.consent(db, elder, withdrawn, "NOTIFY_FAMILY", false, now.minus(Duration.ofDays(2)));
    long regranted = TestElders.contact(db, elder, "张华", true, 4, null);
    TestElders.consent(db, elder, regranted, "NOTIFY_FAMILY", false, now.minus(Duration.ofDays(20)));
    TestElders.consent(db, elder, regranted, "NOTIFY_FAMILY", true, now.minus(Duration.ofDays(1)));
    TestElders.consent(db, elder, regranted, "LOCATION", false, now);

    List<NotifiableContacts.Contact> contacts = list(elder);

    assertThat(contacts).extracting(NotifiableContacts.Contact::id)
        .as("the son (consent flag, no record yet), the daughter, the one who granted again;"
            + " not the neighbour without consent nor the one who withdrew it")
        .containsExactly(son, daughter, regranted)
        .doesNotContain(neighbour, withdrawn);
    NotifiableContacts.Contact first = contacts.get(0);
    assertThat(first.channels()).containsExactly("SMS", "APP");
    assertThat(first.phone()).hasValue("13800001111");
    assertThat(first.email()).hasValue("family@example.cn");
    assertThat(first.accountId()).isEqualTo(Optional.empty());
  }

  @Test
  void givenAnErasedElderWhoseContactRowsRemain_whenListed_thenNoOneIsNotified() throws Exception {
    long elder = TestElders.elder(db, vault, site, "E-NOTIFY-2", "李正华", TestElders.idCard(82));
    TestElders.contact(db, elder, "李红", true, 1, null);
    TestElders.execute(db, "UPDATE elder SET erased_at = now() WHERE id = ?", elder);

    assertThat(list(elder)).isEmpty();
  }

  private List<NotifiableContacts.Contact> list(long elder) throws Exception {
    try (Connection c = db.getConnection()) {
      return NotifiableContacts.list(c, elder);
    }
  }
}
