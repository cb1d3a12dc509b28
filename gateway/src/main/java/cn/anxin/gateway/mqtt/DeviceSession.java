package cn.anxin.gateway.mqtt;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway remembers of a device between connections when it asks for a persistent
 * session (clean session 0 / clean start 0): the QoS 2 messages stored but not yet released, and
 * its command subscriptions. A clean session starts empty and is forgotten on disconnect.
 */
final class DeviceSession {

  private final Set<Integer> awaitingRelease = ConcurrentHashMap.newKeySet();
  private final Set<String> subscriptions = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile Instant expiresAt = Instant.MAX;

  boolean awaitingRelease(int packetId) {
    return awaitingRelease.contains(packetId);
  }

  void received(int packetId) {
    awaitingRelease.add(packetId);
  }

  void released(int packetId) {
    awaitingRelease.remove(packetId);
  }

  void subscribe(String filter) {
    subscriptions.add(filter);
  }

  void unsubscribe(String filter) {
    subscriptions.remove(filter);
  }

  Set<String> subscriptions() {
    synchronized (subscriptions) {
      return Set.copyOf(subscriptions);
    }
  }

  void expireAt(Instant instant) {
    expiresAt = instant;
  }

  boolean expired(Instant now) {
    return now.isAfter(expiresAt);
  }
}
