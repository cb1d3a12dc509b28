package cn.anxin.platform.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation for ID-card numbers at rest: every elder row sealed under a key that is not the
 * current one is re-encrypted under the current key, and every row's look-up hash is recomputed
 * with the current hash key (the hash key carries no id, so each number is opened and hashed
 * again, and the row written only when something changed). Runs in batches of rows in id order,
 * one transaction per batch, so it can run beside a live platform; a second run finds nothing to do.
 * Rows that no configured key opens are counted and left as they are.
 */
public final class PiiRotation {

  /** Rows per transaction. */
  public static final int DEFAULT_BATCH = 500;

  /** What a run did. */
  public record Result(long scanned, long reencrypted, long rehashed, long unreadable) {
    @Override
    public String toString() {
      return "scanned " + scanned + ", re-encrypted " + reencrypted + ", re-hashed " + rehashed
          + ", unreadable " + unreadable;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(PiiRotation.class);

  private static final String BATCH = "SELECT id, id_card_cipher, id_card_key, id_card_hash FROM elder"
      + " WHERE id > ? AND id_card_cipher IS NOT NULL ORDER BY id LIMIT ? FOR UPDATE";
  private static final String RESEAL = "UPDATE elder SET id_card_cipher = ?, id_card_key = ?, id_card_hash = ?"
      + " WHERE id = ?";
  private static final String REHASH = "UPDATE elder SET id_card_hash = ? WHERE id = ?";

  private PiiRotation() {}

  /** Rotates every row to the vault's current keys, {@value #DEFAULT_BATCH} rows at a time. */
  public static Result run(DataSource dataSource, IdCardVault vault) throws SQLException {
    return run(dataSource, vault, DEFAULT_BATCH);
  }

  public static Result run(DataSource dataSource, IdCardVault vault, int batchSize) throws SQLException {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    long after = 0;
    Tally tally = new Tally();
    while (true) {
      long last = batch(dataSource, vault, after, batchSize, tally);
      if (last < 0) {
        break;
      }
      after = last;
    }
    Result result = new Result(tally.scanned, tally.reencrypted, tally.rehashed, tally.unreadable);
    LOG.info("PII key rotation to key {}: {}", vault.currentKeyId(), result);
    return result;
  }

  /** Counts of one run. */
  private static final class Tally {
    long scanned;
    long reencrypted;
    long rehashed;
    long unreadable;
  }

  /** One batch in one transaction; the last id it saw, or -1 when there were no more rows. */
  private static long batch(DataSource dataSource, IdCardVault vault, long after, int size, Tally tally)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long last = -1;
        try (PreparedStatement select = c.prepareStatement(BATCH);
            PreparedStatement reseal = c.prepareStatement(RESEAL);
            PreparedStatement rehash = c.prepareStatement(REHASH)) {
          select.setLong(1, after);
          select.setInt(2, size);
          try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
              last = r.getLong("id");
              tally.scanned++;
              rotate(vault, last, r.getBytes("id_card_cipher"), r.getString("id_card_key"),
                  r.getBytes("id_card_hash"), reseal, rehash, tally);
            }
          }
          reseal.executeBatch();
          rehash.executeBatch();
        }
        c.commit();
        return last;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void rotate(IdCardVault vault, long id, byte[] cipher, String keyId, byte[] hash,
      PreparedStatement reseal, PreparedStatement rehash, Tally tally) throws SQLException {
    String clear;
    try {
      clear = vault.open(cipher, keyId);
    } catch (IllegalStateException e) {
      tally.unreadable++;
      LOG.warn("elder {}: ID-card number not readable with the configured keys (key {})", id, keyId);
      return;
    }
    if (!vault.currentKeyId().equals(keyId)) {
      SealedIdCard sealed = vault.seal(clear);
      reseal.setBytes(1, sealed.cipher());
      reseal.setString(2, sealed.keyId());
      reseal.setBytes(3, sealed.hash());
      reseal.setLong(4, id);
      reseal.addBatch();
      tally.reencrypted++;
      if (!Arrays.equals(hash, sealed.hash())) {
        tally.rehashed++;
      }
      return;
    }
    byte[] current = vault.hash(clear);
    if (!Arrays.equals(hash, current)) {
      rehash.setBytes(1, current);
      rehash.setLong(2, id);
      rehash.addBatch();
      tally.rehashed++;
    }
  }
}
