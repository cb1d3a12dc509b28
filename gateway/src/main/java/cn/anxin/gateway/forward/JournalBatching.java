package cn.anxin.gateway.forward;

import java.time.Duration;
import java.util.Map;

/**
 * How {@link JdbcEventJournal} gathers concurrent appends into one transaction (group commit).
 *
 * <p>A batch starts as soon as a writer is free and takes everything waiting, up to
 * {@code maxRows}; while the writers are busy committing, new appends wait and form the next
 * batch. So at low load an append is written at once, and under load batches grow by themselves.
 * {@code linger} optionally holds a batch that is not full for a moment to let more join it.
 *
 * @param maxRows most rows in one transaction ({@code ANXIN_JOURNAL_BATCH_ROWS}, default 500)
 * @param writers batches written at the same time, each on its own connection
 *     ({@code ANXIN_JOURNAL_WRITERS}, default 2)
 * @param linger how long a batch that is not full may wait for more rows before it is written
 *     ({@code ANXIN_JOURNAL_LINGER_MS}, default 0: never)
 */
public record JournalBatching(int maxRows, int writers, Duration linger) {

  public static final JournalBatching DEFAULT = new JournalBatching(500, 2, Duration.ZERO);

  /** One row per transaction, one at a time per caller: how the journal wrote before batching. */
  public static final JournalBatching UNBATCHED = new JournalBatching(1, 16, Duration.ZERO);

  public JournalBatching {
    if (maxRows < 1 || maxRows > 10_000) {
      throw new IllegalArgumentException("maxRows must be 1..10000: " + maxRows);
    }
    if (writers < 1 || writers > 64) {
      throw new IllegalArgumentException("writers must be 1..64: " + writers);
    }
    if (linger == null || linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("linger must be 0..1 s: " + linger);
    }
  }

  /** The defaults, with whatever the environment sets. */
  public static JournalBatching fromEnv(Map<String, String> env) {
    return new JournalBatching(
        intOr(env, "ANXIN_JOURNAL_BATCH_ROWS", DEFAULT.maxRows),
        intOr(env, "ANXIN_JOURNAL_WRITERS", DEFAULT.writers),
        Duration.ofMillis(intOr(env, "ANXIN_JOURNAL_LINGER_MS", 0)));
  }

  private static int intOr(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: " + value, e);
    }
  }
}
