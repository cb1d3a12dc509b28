package cn.anxin.platform.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals ID-card numbers for storage (AES-256-GCM with a random 96-bit nonce, the key id bound as
 * associated data) and computes the keyed look-up hash (HMAC-SHA256) that finds an elder by number
 * without decrypting anything.
 */
public final class IdCardVault {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final PiiKeys keys;
  private final SecureRandom random = new SecureRandom();

  public IdCardVault(PiiKeys keys) {
    this.keys = keys;
  }

  /** The id of the key new numbers are sealed with. */
  public String currentKeyId() {
    return keys.currentId();
  }

  /** Seals a number that {@link IdCards#normalise} accepted. */
  public SealedIdCard seal(String idCard) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.currentId(), nonce);
      byte[] sealed = cipher.doFinal(idCard.getBytes(StandardCharsets.US_ASCII));
      byte[] stored = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return new SealedIdCard(stored, keys.currentId(), hash(idCard), IdCards.last4(idCard));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt", e);
    }
  }

  /** The clear number; fails if the key is unknown or the ciphertext was altered. */
  public String open(byte[] stored, String keyId) {
    if (!keys.encryptionKeys().containsKey(keyId)) {
      throw new IllegalStateException("no PII key " + keyId + " is configured; it is needed to read this row");
    }
    try {
      byte[] nonce = java.util.Arrays.copyOfRange(stored, 0, NONCE_BYTES);
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, keyId, nonce);
      byte[] clear = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
      return new String(clear, StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("an ID-card number failed to decrypt (wrong key or altered row)", e);
    }
  }

  /** The keyed look-up hash of a normalised number. */
  public byte[] hash(String idCard) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keys.hashKey(), "HmacSHA256"));
      return mac.doFinal(idCard.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash", e);
    }
  }

  private Cipher cipher(int mode, String keyId, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(keys.encryptionKeys().get(keyId), "AES"),
        new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
    return cipher;
  }
}
