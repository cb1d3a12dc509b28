package cn.anxin.gateway.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Persistent sessions by device id, kept in memory for as long as the device asked (MQTT 5
 * session expiry interval) or, for MQTT 3.1.1, a configured time after it disconnects. Commands
 * themselves are durable in the database; a session only carries protocol state.
 */
final class SessionStore {

  private final Map<String, DeviceSession> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  SessionStore(Clock clock) {
    this.clock = clock;
  }

  /** The session a CONNECT resumes, and whether it was present. */
  record Resumed(DeviceSession session, boolean present) {}

  Resumed open(String deviceId, boolean cleanSession) {
    if (cleanSession) {
      sessions.remove(deviceId);
      return new Resumed(new DeviceSession(), false);
    }
    DeviceSession existing = sessions.get(deviceId);
    if (existing != null && !existing.expired(clock.instant())) {
      existing.expireAt(java.time.Instant.MAX);
      return new Resumed(existing, true);
    }
    DeviceSession created = new DeviceSession();
    sessions.put(deviceId, created);
    return new Resumed(created, false);
  }

  /** The connection closed: a persistent session is kept until its expiry. */
  void closed(String deviceId, DeviceSession session, boolean cleanSession, Duration keepFor) {
    if (cleanSession || keepFor.isZero()) {
      sessions.remove(deviceId, session);
    } else {
      session.expireAt(clock.instant().plus(keepFor));
    }
  }

  Optional<DeviceSession> find(String deviceId) {
    return Optional.ofNullable(sessions.get(deviceId)).filter(s -> !s.expired(clock.instant()));
  }
}
