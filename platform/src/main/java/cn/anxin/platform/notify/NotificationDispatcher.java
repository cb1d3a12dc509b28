package cn.anxin.platform.notify;

import cn.anxin.platform.notify.OutgoingLoader.Prepared;
import cn.anxin.platform.notify.OutgoingLoader.Ready;
import cn.anxin.platform.notify.OutgoingLoader.Skip;
import cn.anxin.platform.notify.channel.SendResult;
import cn.anxin.platform.notify.channel.Sender;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due outbox rows: {@link #claimDue()} takes a batch in one short transaction (the rows are
 * SENDING, held for the lease, and made ready by {@link OutgoingLoader}); {@link #deliver} sends one
 * on its channel, outside any transaction, and records the outcome: DELIVERED with the receipt, or
 * PENDING again after the back-off, or DEAD after the last attempt (or a failure that will not go
 * away), with an administrator notice and a warning in the log.
 */
public final class NotificationDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  /** What became of an attempt; LOST: the outcome could not be recorded, the lease will bring it back. */
  public enum Outcome { DELIVERED, RETRY, DEAD, LOST }

  /** How many messages each outcome had in one round. */
  public record Round(int delivered, int retried, int dead, int skipped) {
    public int total() {
      return delivered + retried + dead + skipped;
    }
  }

  private final DataSource dataSource;
  private final Clock clock;
  private final NotifyOptions options;
  private final Map<Channel, Sender> senders;
  private final Backoff backoff;
  private final Outbox outbox = new Outbox();

  public NotificationDispatcher(DataSource dataSource, Clock clock, NotifyOptions options, List<Sender> senders,
      Backoff backoff) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    Map<Channel, Sender> byChannel = new EnumMap<>(Channel.class);
    senders.forEach(s -> byChannel.put(s.channel(), s));
    this.senders = Map.copyOf(byChannel);
  }

  /** The claimed batch: messages to send now, and how many claimed rows were settled at once. */
  public record Claimed(List<Ready> ready, int skipped, int dead) {}

  /** Takes up to one batch of due rows; rows that are not to be sent are settled in the same transaction. */
  Claimed claimDue() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Instant now = clock.instant();
        List<Ready> ready = new ArrayList<>();
        int skipped = 0;
        int dead = 0;
        OutgoingLoader loader = new OutgoingLoader();
        for (Outbox.Claim claim : outbox.claim(c, now, options.batchSize(), options.lease())) {
          if (claim.attempt() > options.maxAttempts()) {
            // Its last attempt was taken but never answered within the lease (the process stopped).
            dead += markDead(c, claim, "no outcome recorded for the last attempt", now) ? 1 : 0;
            continue;
          }
          Optional<Prepared> prepared = loader.prepare(c, claim);
          if (prepared.isEmpty()) {
            continue;
          }
          if (prepared.get() instanceof Skip skip) {
            outbox.skipped(c, claim, skip.reason(), now);
            skipped++;
          } else {
            ready.add((Ready) prepared.get());
          }
        }
        c.commit();
        return new Claimed(ready, skipped, dead);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Sends one message on its channel and records what came of it (in one transaction). */
  Outcome deliver(Ready ready) {
    SendResult result = attempt(ready);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Outcome outcome = record(c, ready, result);
        c.commit();
        return outcome;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      // The row stays SENDING until its lease runs out, then it is taken again: nothing is lost.
      LOG.error("outcome of notification {} could not be recorded: {}", ready.message().key(), e.toString());
      return Outcome.LOST;
    }
  }

  /**
   * Claims and sends everything due now, on the calling thread, batch after batch until nothing is
   * due; for tests (with a controllable clock) and tools.
   */
  public Round dispatchDueNow() throws SQLException {
    int delivered = 0;
    int retried = 0;
    int dead = 0;
    int skipped = 0;
    while (true) {
      Claimed claimed = claimDue();
      skipped += claimed.skipped();
      dead += claimed.dead();
      for (Ready ready : claimed.ready()) {
        switch (deliver(ready)) {
          case DELIVERED -> delivered++;
          case RETRY -> retried++;
          case DEAD -> dead++;
          case LOST -> { }
        }
      }
      if (claimed.ready().size() + claimed.skipped() + claimed.dead() < options.batchSize()) {
        return new Round(delivered, retried, dead, skipped);
      }
    }
  }

  private Outcome record(Connection c, Ready ready, SendResult result) throws SQLException {
    Instant now = clock.instant();
    Outbox.Claim claim = ready.claim();
    if (result instanceof SendResult.Delivered delivered) {
      return outbox.delivered(c, claim, delivered.receipt(), now) ? Outcome.DELIVERED : Outcome.LOST;
    }
    if (result instanceof SendResult.Deferred deferred) {
      return outbox.awaitApp(c, claim, now.plus(deferred.recheckAfter()), deferred.why(), now)
          ? Outcome.RETRY : Outcome.LOST;
    }
    SendResult.Failed failed = (SendResult.Failed) result;
    if (failed.permanent() || claim.attempt() >= options.maxAttempts()) {
      return markDead(c, claim, failed.error(), now) ? Outcome.DEAD : Outcome.LOST;
    }
    Instant next = now.plus(backoff.after(claim.attempt()));
    LOG.info("notification {} attempt {} failed, next at {}: {}", ready.message().key(), claim.attempt(), next,
        Outbox.scrub(failed.error()));
    return outbox.retryAt(c, claim, next, failed.error(), now) ? Outcome.RETRY : Outcome.LOST;
  }

  private SendResult attempt(Ready ready) {
    Sender sender = senders.get(ready.message().channel());
    if (sender == null) {
      return SendResult.failed(ready.message().channel() + " is not configured in this process"
          + switch (ready.message().channel()) {
            case SMS -> " (ANXIN_SMS_URL)";
            case APP -> " (no MQTT gateway)";
            default -> " (ANXIN_SMTP_HOST)";
          });
    }
    try {
      return sender.send(ready.message());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.failed("interrupted");
    } catch (Exception e) {
      return SendResult.failed(e.toString());
    }
  }

  private boolean markDead(Connection c, Outbox.Claim claim, String error, Instant now) throws SQLException {
    boolean marked = outbox.dead(c, claim, error, now);
    if (marked) {
      LOG.warn("notification {} is DEAD after {} attempt(s): {}; an administrator notice was left",
          claim.id(), claim.attempt(), Outbox.scrub(error));
    }
    return marked;
  }
}
