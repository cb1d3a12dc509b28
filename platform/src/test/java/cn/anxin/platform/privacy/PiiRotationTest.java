package cn.anxin.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Re-encryption and re-hashing of ID-card numbers on a real database. */
class PiiRotationTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String K1 = "k1:" + PiiKeys.randomKey(RANDOM);
  private static final String K2 = "k2:" + PiiKeys.randomKey(RANDOM);
  private static final String H1 = PiiKeys.randomKey(RANDOM);
  private static final String H2 = PiiKeys.randomKey(RANDOM);

  private HikariDataSource db;
  private long site;

  @BeforeEach
  void database() throws Exception {
    db = TestDatabases.fresh();
    site = TestElders.site(db, "S-DC-ROTATE", "DAY_CARE", "鹿城镇日间照料中心");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void givenRowsSealedUnderK1_whenRotatedWithK2First_thenAVaultWithOnlyK2OpensThemAndTheNewHashFindsThem()
      throws Exception {
    IdCardVault old = vault(K1, H1);
    List<String> numbers = List.of(TestElders.idCard(1), TestElders.idCard(2), TestElders.idCard(3),
        TestElders.idCard(4), TestElders.idCard(5));
    List<Long> elders = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      elders.add(TestElders.elder(db, old, site, "E-ROT-" + i, "老人" + i, numbers.get(i)));
    }
    long erased = TestElders.elder(db, old, site, "E-ROT-GONE", "已删除", TestElders.idCard(6));
    TestElders.execute(db, "UPDATE elder SET id_card_cipher = NULL, id_card_key = NULL, id_card_hash = NULL,"
        + " id_card_last4 = NULL, erased_at = now() WHERE id = ?", erased);

    PiiRotation.Result result = PiiRotation.run(db, vault(K2 + "," + K1, H2), 2);

    assertThat(result).isEqualTo(new PiiRotation.Result(5, 5, 5, 0));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM elder WHERE id_card_key = 'k1'")).isZero();
    IdCardVault onlyK2 = vault(K2, H2);
    for (int i = 0; i < numbers.size(); i++) {
      Row row = row(elders.get(i));
      assertThat(row.keyId()).isEqualTo("k2");
      assertThat(onlyK2.open(row.cipher(), row.keyId())).isEqualTo(numbers.get(i));
      assertThat(findByHash(onlyK2.hash(numbers.get(i)))).isEqualTo(elders.get(i));
    }
    assertThatThrownBy(() -> vault(K1, H1).open(row(elders.get(0)).cipher(), "k2"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void givenRotatedRows_whenRotatedAgain_thenNothingChanges() throws Exception {
    TestElders.elder(db, vault(K1, H1), site, "E-ROT-A", "老人甲", TestElders.idCard(11));
    PiiRotation.run(db, vault(K2 + "," + K1, H2));

    PiiRotation.Result again = PiiRotation.run(db, vault(K2 + "," + K1, H2));

    assertThat(again).isEqualTo(new PiiRotation.Result(1, 0, 0, 0));
  }

  @Test
  void givenOnlyANewHashKey_whenRotated_thenHashesAreRecomputedAndCiphertextsKept() throws Exception {
    String number = TestElders.idCard(12);
    long elder = TestElders.elder(db, vault(K1, H1), site, "E-ROT-H", "老人乙", number);
    byte[] cipher = row(elder).cipher();

    PiiRotation.Result result = PiiRotation.run(db, vault(K1, H2));

    assertThat(result).isEqualTo(new PiiRotation.Result(1, 0, 1, 0));
    assertThat(row(elder).cipher()).isEqualTo(cipher);
    assertThat(findByHash(vault(K1, H2).hash(number))).isEqualTo(elder);
  }

  @Test
  void givenARowUnderAKeyNoLongerConfigured_whenRotated_thenItIsCountedAndLeftAsItWas() throws Exception {
    long lost = TestElders.elder(db, vault(K1, H1), site, "E-ROT-LOST", "老人丙", TestElders.idCard(13));
    TestElders.elder(db, vault(K2, H1), site, "E-ROT-OK", "老人丁", TestElders.idCard(14));
    byte[] cipher = row(lost).cipher();

    PiiRotation.Result result = PiiRotation.run(db, vault(K2, H2));

    assertThat(result).isEqualTo(new PiiRotation.Result(2, 0, 1, 1));
    assertThat(row(lost).cipher()).isEqualTo(cipher);
    assertThat(row(lost).keyId()).isEqualTo("k1");
  }

  @Test
  void givenTheCommandLine_whenAskedForRotatePiiKeysHelp_thenTheSubcommandExists() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new cn.anxin.platform.launch.AnxinMain());
    cli.setOut(new java.io.PrintWriter(out));

    int status = cli.execute("rotate-pii-keys", "--help");

    assertThat(status).isZero();
    assertThat(out.toString()).contains("rotate-pii-keys", "ANXIN_PII_KEYS");
  }

  private static IdCardVault vault(String keys, String hashKey) {
    return new IdCardVault(PiiKeys.parse(keys, hashKey));
  }

  private record Row(byte[] cipher, String keyId) {}

  private Row row(long elder) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id_card_cipher, id_card_key FROM elder WHERE id = ?")) {
      s.setLong(1, elder);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new Row(r.getBytes(1), r.getString(2));
      }
    }
  }

  private long findByHash(byte[] hash) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id FROM elder WHERE id_card_hash = ?")) {
      s.setBytes(1, hash);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }
}
