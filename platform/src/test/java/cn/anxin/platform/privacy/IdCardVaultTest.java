package cn.anxin.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** ID-card numbers: the GB 11643 check character, and sealing them for storage. */
class IdCardVaultTest {

  private static final String FIRST17 = "53230119410312002";
  private static final String NUMBER = FIRST17 + IdCards.checkCharacter(FIRST17);

  @Test
  void givenANumberWithItsCheckCharacter_whenValidated_thenItIsAcceptedAndItsBirthAndSexAreRead() {
    assertThat(IdCards.valid(NUMBER)).isTrue();
    assertThat(IdCards.birthDate(NUMBER)).isEqualTo(LocalDate.of(1941, 3, 12));
    assertThat(IdCards.sex(NUMBER)).isEqualTo("F");
    assertThat(IdCards.normalise(" " + NUMBER.toLowerCase() + " ")).contains(NUMBER);
  }

  @Test
  void givenAKnownPublishedExample_whenValidated_thenItsCheckCharacterIsX() {
    // The standard's worked example: 11010519491231002X.
    assertThat(IdCards.checkCharacter("11010519491231002")).isEqualTo('X');
    assertThat(IdCards.valid("11010519491231002X")).isTrue();
  }

  @Test
  void givenAWrongCheckCharacterOrDate_whenValidated_thenItIsRefused() {
    char wrong = NUMBER.charAt(17) == '1' ? '2' : '1';
    assertThat(IdCards.valid(FIRST17 + wrong)).isFalse();
    String badDate = "53230119411332002";
    assertThat(IdCards.valid(badDate + IdCards.checkCharacter(badDate))).isFalse();
    assertThat(IdCards.valid("5323011941031200")).isFalse();
  }

  @Test
  void givenASealedNumber_whenOpened_thenItIsTheNumberAndTheStoredBytesDoNotContainIt() {
    IdCardVault vault = new IdCardVault(keys("k1"));

    SealedIdCard sealed = vault.seal(NUMBER);

    assertThat(new String(sealed.cipher(), StandardCharsets.ISO_8859_1)).doesNotContain(NUMBER).doesNotContain(
        FIRST17.substring(0, 6));
    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(sealed.last4()).isEqualTo(NUMBER.substring(14));
    assertThat(vault.open(sealed.cipher(), "k1")).isEqualTo(NUMBER);
    assertThat(vault.seal(NUMBER).cipher()).as("a fresh nonce each time").isNotEqualTo(sealed.cipher());
    assertThat(vault.hash(NUMBER)).isEqualTo(sealed.hash()).hasSize(32);
    assertThat(IdCards.mask(sealed.last4())).isEqualTo("**************" + NUMBER.substring(14));
  }

  @Test
  void givenAlteredCiphertextOrAnotherKey_whenOpened_thenItFailsInsteadOfReturningGarbage() {
    IdCardVault vault = new IdCardVault(keys("k1"));
    SealedIdCard sealed = vault.seal(NUMBER);
    byte[] altered = sealed.cipher().clone();
    altered[altered.length - 1] ^= 1;

    assertThatThrownBy(() -> vault.open(altered, "k1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new IdCardVault(keys("k9")).open(sealed.cipher(), "k1"))
        .hasMessageContaining("k1");
  }

  @Test
  void givenBadKeySettings_whenParsed_thenTheErrorSaysWhatIsWrong() {
    assertThatThrownBy(() -> PiiKeys.parse(null, null)).hasMessageContaining("ANXIN_PII_KEYS");
    assertThatThrownBy(() -> PiiKeys.parse("k1:c2hvcnQ=", PiiKeys.randomKey(new SecureRandom())))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> PiiKeys.parse("k1", PiiKeys.randomKey(new SecureRandom())))
        .hasMessageContaining("id:base64key");
  }

  private static PiiKeys keys(String id) {
    SecureRandom random = new SecureRandom();
    return PiiKeys.parse(id + ":" + PiiKeys.randomKey(random), PiiKeys.randomKey(random));
  }
}
