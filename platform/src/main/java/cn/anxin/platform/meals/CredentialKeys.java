package cn.anxin.platform.meals;

import cn.anxin.platform.privacy.IdCardVault;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Diners' credentials as personal identifiers: the number is never stored, only a keyed hash for the
 * look-up (the platform's PII hash key, as for ID-card numbers) and its last four characters for
 * display. The same number read by a reader and typed by an administrator gives the same hash:
 * spaces and dashes are dropped, letters upper-cased, and the credential type is part of the hash.
 */
public final class CredentialKeys {

  private final IdCardVault vault;

  public CredentialKeys(IdCardVault vault) {
    this.vault = Objects.requireNonNull(vault, "vault");
  }

  /** The credential number as compared: without spaces or dashes, upper case. */
  public static String normalise(String number) {
    return number.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }

  /** The keyed look-up hash of a credential of a type (SOCIAL_SECURITY, ELDER_CARD, FACE). */
  public byte[] hash(String type, String number) {
    String ascii = URLEncoder.encode(normalise(number), StandardCharsets.UTF_8);
    return vault.hash(type + ":" + ascii);
  }

  /** The last four characters of the normalised number, for display. */
  public static String last4(String number) {
    String n = normalise(number);
    return n.length() <= 4 ? n : n.substring(n.length() - 4);
  }

  /** How a credential is shown: its last four characters behind a mask. */
  public static String masked(String last4) {
    return "****" + last4;
  }
}
