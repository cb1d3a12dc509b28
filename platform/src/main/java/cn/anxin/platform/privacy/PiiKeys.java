package cn.anxin.platform.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The keys that protect personal data at rest: AES-256 encryption keys by id (the first is current;
 * the others still decrypt until a rotation has re-encrypted every row) and one HMAC-SHA256 key for
 * the look-up hash.
 *
 * <p>Configured as {@code ANXIN_PII_KEYS="k2:<base64 32 bytes>,k1:<base64 32 bytes>"} and
 * {@code ANXIN_PII_HASH_KEY=<base64 32 bytes>}. The embedded demo database keeps generated keys in a
 * file beside its data instead.
 */
public record PiiKeys(String currentId, Map<String, byte[]> encryptionKeys, byte[] hashKey) {

  public PiiKeys {
    Objects.requireNonNull(currentId, "currentId");
    if (!encryptionKeys.containsKey(currentId)) {
      throw new IllegalArgumentException("the current key " + currentId + " is not among the keys");
    }
    encryptionKeys.values().forEach(k -> requireLength(k, "encryption key"));
    requireLength(hashKey, "hash key");
    encryptionKeys = Map.copyOf(encryptionKeys);
  }

  /** Parses the two settings; the first key in the list is the current one. */
  public static PiiKeys parse(String keys, String hashKey) {
    if (keys == null || keys.isBlank() || hashKey == null || hashKey.isBlank()) {
      throw new IllegalArgumentException(
          "ANXIN_PII_KEYS and ANXIN_PII_HASH_KEY must both be set to protect ID-card numbers at rest");
    }
    Map<String, byte[]> byId = new LinkedHashMap<>();
    String current = null;
    for (String entry : keys.split(",")) {
      String[] parts = entry.strip().split(":", 2);
      if (parts.length != 2 || !parts[0].matches("[A-Za-z0-9_-]{1,16}")) {
        throw new IllegalArgumentException("ANXIN_PII_KEYS entries are id:base64key, separated by commas");
      }
      byId.put(parts[0], decode(parts[1], "ANXIN_PII_KEYS " + parts[0]));
      if (current == null) {
        current = parts[0];
      }
    }
    return new PiiKeys(current, byId, decode(hashKey.strip(), "ANXIN_PII_HASH_KEY"));
  }

  /** From the environment, or null when neither setting is present. */
  public static PiiKeys fromEnvironment(Map<String, String> env) {
    String keys = env.get("ANXIN_PII_KEYS");
    String hash = env.get("ANXIN_PII_HASH_KEY");
    if (keys == null && hash == null) {
      return null;
    }
    return parse(keys, hash);
  }

  /** Keys kept in a file (created with fresh random keys, readable by the owner only, if missing). */
  public static PiiKeys inFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      SecureRandom random = new SecureRandom();
      String content = "ANXIN_PII_KEYS=k1:" + randomKey(random) + "\nANXIN_PII_HASH_KEY=" + randomKey(random) + "\n";
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, content);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: rely on the data directory's own protection
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return parse(values.get("ANXIN_PII_KEYS"), values.get("ANXIN_PII_HASH_KEY"));
  }

  private static PiiKeys ephemeral;

  /**
   * Random keys that live as long as this JVM: for tests and tools on loopback, never for data that
   * must outlive the process.
   */
  public static synchronized PiiKeys ephemeral() {
    if (ephemeral == null) {
      SecureRandom random = new SecureRandom();
      ephemeral = parse("t1:" + randomKey(random), randomKey(random));
    }
    return ephemeral;
  }

  /** A new random key, base64, for operators generating settings. */
  public static String randomKey(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static byte[] decode(String base64, String what) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not base64");
    }
  }

  private static void requireLength(byte[] key, String what) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("a PII " + what + " must be 32 bytes (base64 of 32 random bytes)");
    }
  }
}
