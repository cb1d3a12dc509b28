package cn.anxin.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices connected now, across listeners and event loops: one connection per device (a new
 * one takes over, MQTT-3.1.4-2), connection limits in total and per site, and each device's
 * publish allowance, which outlives its connections so reconnecting does not refill it.
 */
final class ConnectionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

  /** Why a connection may not be added. */
  enum Admission { ADMITTED, GATEWAY_FULL, SITE_FULL }

  private record Held(MqttEndpoint endpoint, Optional<Long> siteId) {}

  private final GatewayLimits limits;
  private final Map<String, Held> connected = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> perSite = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  ConnectionRegistry(GatewayLimits limits) {
    this.limits = limits;
  }

  /** Admits the device's new connection, closing an earlier one of the same device. */
  synchronized Admission admit(String deviceId, Optional<Long> siteId, MqttEndpoint endpoint) {
    Held previous = connected.get(deviceId);
    int others = total.get() - (previous == null ? 0 : 1);
    if (others >= limits.maxConnections()) {
      return Admission.GATEWAY_FULL;
    }
    if (siteId.isPresent()) {
      int sameSite = perSite.computeIfAbsent(siteId.get(), k -> new AtomicInteger()).get()
          - (previous != null && previous.siteId().equals(siteId) ? 1 : 0);
      if (sameSite >= limits.maxConnectionsPerSite()) {
        return Admission.SITE_FULL;
      }
    }
    if (previous != null) {
      release(deviceId, previous.endpoint());
      LOG.info("device {} connected again; closing its earlier connection", deviceId);
      closeTakenOver(previous.endpoint());
    }
    connected.put(deviceId, new Held(endpoint, siteId));
    total.incrementAndGet();
    siteId.ifPresent(id -> perSite.get(id).incrementAndGet());
    return Admission.ADMITTED;
  }

  /** Forgets the connection if it is still the device's current one. */
  synchronized void release(String deviceId, MqttEndpoint endpoint) {
    Held held = connected.get(deviceId);
    if (held == null || held.endpoint() != endpoint) {
      return;
    }
    connected.remove(deviceId);
    total.decrementAndGet();
    held.siteId().ifPresent(id -> perSite.get(id).decrementAndGet());
  }

  TokenBucket bucket(String deviceId) {
    return buckets.computeIfAbsent(deviceId,
        id -> new TokenBucket(limits.ratePerDevice(), limits.burstPerDevice(), System::nanoTime));
  }

  int connections() {
    return total.get();
  }

  Optional<MqttEndpoint> endpoint(String deviceId) {
    return Optional.ofNullable(connected.get(deviceId)).map(Held::endpoint);
  }

  private static void closeTakenOver(MqttEndpoint endpoint) {
    if (!endpoint.isConnected()) {
      return;
    }
    if (endpoint.protocolVersion() >= 5) {
      endpoint.disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
  }
}
