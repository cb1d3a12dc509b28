package cn.anxin.gateway.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Hashes and checks device secrets with Argon2id (PHC string format). Parameters follow OWASP's
 * minimum for Argon2id: 19 MiB of memory, 2 iterations, parallelism 1.
 */
public final class SecretHasher {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
  private final String decoyHash = encoder.encode("decoy-secret-for-unknown-devices");

  public String hash(String secret) {
    return encoder.encode(secret);
  }

  public boolean matches(String secret, String hash) {
    return encoder.matches(secret, hash);
  }

  /** Spends the same work as a real check, so an unknown id answers as slowly as a known one. */
  public void burnDecoy(String secret) {
    encoder.matches(secret, decoyHash);
  }

  /** A new random secret for a device: 24 random bytes, base64url without padding (32 chars). */
  public static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
