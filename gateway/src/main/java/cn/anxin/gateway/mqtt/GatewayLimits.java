package cn.anxin.gateway.mqtt;

import java.util.Map;

/**
 * Bounds on what devices may use. Environment variables: {@code ANXIN_MQTT_MAX_CONNECTIONS},
 * {@code ANXIN_MQTT_MAX_CONNECTIONS_PER_SITE}, {@code ANXIN_MQTT_MAX_INFLIGHT},
 * {@code ANXIN_MQTT_RATE_PER_DEVICE} and {@code ANXIN_MQTT_BURST_PER_DEVICE}.
 *
 * @param maxConnections device connections held at once, all listeners together
 * @param maxConnectionsPerSite connections of the devices of one site
 * @param maxInflight messages of one connection being processed or waiting; beyond it the gateway
 *     stops reading that connection's socket until it catches up
 * @param ratePerDevice messages per second a device may send, sustained
 * @param burstPerDevice messages a device may send at once before the rate applies
 */
public record GatewayLimits(
    int maxConnections, int maxConnectionsPerSite, int maxInflight, int ratePerDevice, int burstPerDevice) {

  public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SITE = 10_000;
  public static final int DEFAULT_MAX_INFLIGHT = 64;
  public static final int DEFAULT_RATE_PER_DEVICE = 20;
  public static final int DEFAULT_BURST_PER_DEVICE = 100;

  public GatewayLimits {
    if (maxConnections < 1 || maxConnectionsPerSite < 1 || maxInflight < 1 || ratePerDevice < 1
        || burstPerDevice < 1) {
      throw new IllegalArgumentException("every gateway limit must be at least 1");
    }
  }

  public static GatewayLimits defaults() {
    return new GatewayLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_SITE,
        DEFAULT_MAX_INFLIGHT, DEFAULT_RATE_PER_DEVICE, DEFAULT_BURST_PER_DEVICE);
  }

  static GatewayLimits fromEnv(Map<String, String> env) {
    return new GatewayLimits(
        EnvInts.get(env, "ANXIN_MQTT_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS),
        EnvInts.get(env, "ANXIN_MQTT_MAX_CONNECTIONS_PER_SITE", DEFAULT_MAX_CONNECTIONS_PER_SITE),
        EnvInts.get(env, "ANXIN_MQTT_MAX_INFLIGHT", DEFAULT_MAX_INFLIGHT),
        EnvInts.get(env, "ANXIN_MQTT_RATE_PER_DEVICE", DEFAULT_RATE_PER_DEVICE),
        EnvInts.get(env, "ANXIN_MQTT_BURST_PER_DEVICE", DEFAULT_BURST_PER_DEVICE));
  }
}
