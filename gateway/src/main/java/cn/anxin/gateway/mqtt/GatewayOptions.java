package cn.anxin.gateway.mqtt;

import java.util.Map;

/**
 * How the MQTT listener is set up. Environment variables: {@code ANXIN_MQTT_HOST},
 * {@code ANXIN_MQTT_PORT}, {@code ANXIN_MQTT_MAX_MESSAGE_BYTES}, {@code ANXIN_MQTT_CONNECT_TIMEOUT_S}.
 *
 * @param host address to bind
 * @param port TCP port; 0 picks a free one
 * @param maxMessageBytes largest MQTT message accepted; larger ones close the connection
 * @param connectTimeoutSeconds time allowed between the TCP handshake and CONNECT
 */
public record GatewayOptions(String host, int port, int maxMessageBytes, int connectTimeoutSeconds) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 1883;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024;
  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

  public static GatewayOptions defaults() {
    return new GatewayOptions(
        DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_CONNECT_TIMEOUT_SECONDS);
  }

  public static GatewayOptions fromEnv(Map<String, String> env) {
    return new GatewayOptions(
        env.getOrDefault("ANXIN_MQTT_HOST", DEFAULT_HOST),
        intOf(env, "ANXIN_MQTT_PORT", DEFAULT_PORT),
        intOf(env, "ANXIN_MQTT_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES),
        intOf(env, "ANXIN_MQTT_CONNECT_TIMEOUT_S", DEFAULT_CONNECT_TIMEOUT_SECONDS));
  }

  public GatewayOptions withHostAndPort(String newHost, int newPort) {
    return new GatewayOptions(newHost, newPort, maxMessageBytes, connectTimeoutSeconds);
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
    }
  }
}
