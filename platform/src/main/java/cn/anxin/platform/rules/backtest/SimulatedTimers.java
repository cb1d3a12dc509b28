package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import cn.anxin.platform.rules.timers.Timers;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules' timers during one elder's replay, in memory, with the semantics of {@code rule_timer}:
 * at most one pending timer per subject, rule and purpose (arming again moves it), cancelled and
 * fired timers remembered for {@link #lastFired}. A timer armed without an elder (a device's
 * silence timer) is armed for the elder being replayed: the elder the device served then.
 */
final class SimulatedTimers implements Timers {

  private static final Comparator<DueTimer> BY_DUE = Comparator.comparing(DueTimer::dueAt)
      .thenComparingLong(DueTimer::id);

  private record Key(String subject, String rule, String purpose) {}

  private final long elderId;
  private final Map<Key, DueTimer> pending = new LinkedHashMap<>();
  private final Map<Key, DueTimer> lastFired = new HashMap<>();
  private long nextId = 1;
  private int fired;

  SimulatedTimers(long elderId) {
    this.elderId = elderId;
  }

  @Override
  public long arm(Connection c, TimerRequest t, Instant now) {
    Key key = key(t.deviceId(), t.elderId().orElse(elderId), t.rule(), t.purpose());
    DueTimer moved = pending.get(key);
    long id = moved == null ? nextId++ : moved.id();
    Instant createdAt = moved == null ? now : moved.createdAt();
    pending.put(key, new DueTimer(id, Optional.of(t.elderId().orElse(elderId)), t.deviceId(), t.rule(),
        t.purpose(), t.dueAt(), t.payload().copy(), createdAt));
    return id;
  }

  @Override
  public List<DueTimer> cancel(Connection c, String deviceId, String rule, String purpose, boolean prefix,
      Instant now, String outcome) {
    List<DueTimer> cancelled = new ArrayList<>();
    pending.entrySet().removeIf(e -> {
      DueTimer t = e.getValue();
      boolean match = t.deviceId().equals(Optional.of(deviceId)) && t.rule().equals(rule)
          && (prefix ? t.purpose().startsWith(purpose) : t.purpose().equals(purpose));
      if (match) {
        cancelled.add(t);
      }
      return match;
    });
    return cancelled;
  }

  @Override
  public List<DueTimer> pendingWithPrefix(Connection c, String deviceId, String rule, String prefix) {
    return pending.values().stream()
        .filter(t -> t.deviceId().equals(Optional.of(deviceId)) && t.rule().equals(rule)
            && t.purpose().startsWith(prefix))
        .sorted(Comparator.comparingLong(DueTimer::id))
        .toList();
  }

  @Override
  public Optional<DueTimer> lastFired(Connection c, String deviceId, String rule, String purpose) {
    return Optional.ofNullable(lastFired.get(new Key("device:" + deviceId, rule, purpose)));
  }

  @Override
  public boolean firedBefore(Connection c, long elderId, String rule, String purpose, long exceptId) {
    DueTimer last = lastFired.get(new Key("elder:" + elderId, rule, purpose));
    return last != null && last.id() != exceptId;
  }

  @Override
  public void fired(Connection c, long id, Instant now, String outcome) {
    pending.entrySet().removeIf(e -> {
      if (e.getValue().id() != id || e.getValue().dueAt().isAfter(now)) {
        return false;
      }
      lastFired.put(e.getKey(), e.getValue());
      fired++;
      return true;
    });
  }

  /** The pending timer due first, if it is due at {@code at} or earlier. */
  Optional<DueTimer> dueBy(Instant at) {
    return pending.values().stream().filter(t -> !t.dueAt().isAfter(at)).min(BY_DUE);
  }

  /** The pending timer due first, if it is due before {@code end}. */
  Optional<DueTimer> dueBefore(Instant end) {
    return pending.values().stream().filter(t -> t.dueAt().isBefore(end)).min(BY_DUE);
  }

  /** How many timers fired. */
  int firedCount() {
    return fired;
  }

  private static Key key(Optional<String> deviceId, long elderId, String rule, String purpose) {
    return new Key(deviceId.map(d -> "device:" + d).orElse("elder:" + elderId), rule, purpose);
  }
}
