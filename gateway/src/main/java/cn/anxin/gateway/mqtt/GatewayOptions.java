package cn.anxin.gateway.mqtt;

import java.util.Map;
import java.util.Optional;

/**
 * How the MQTT listeners are set up. Environment variables: {@code ANXIN_MQTT_HOST},
 * {@code ANXIN_MQTT_PORT}, {@code ANXIN_MQTT_WS_PORT} (MQTT over WebSocket, path {@code /mqtt};
 * -1 switches it off), {@code ANXIN_MQTT_MAX_MESSAGE_BYTES}, {@code ANXIN_MQTT_CONNECT_TIMEOUT_S},
 * the TLS listener's (see {@link TlsListener}) and the limits' (see {@link GatewayLimits}).
 *
 * @param host address to bind
 * @param port plain TCP port; 0 picks a free one
 * @param wsPort MQTT over WebSocket port; 0 picks a free one, -1 is off
 * @param tls the TLS listener, when configured
 * @param maxMessageBytes largest MQTT message accepted; larger ones close the connection
 * @param connectTimeoutSeconds time allowed between the TCP handshake and CONNECT
 * @param limits bounds on connections and traffic
 */
public record GatewayOptions(
    String host,
    int port,
    int wsPort,
    Optional<TlsListener> tls,
    int maxMessageBytes,
    int connectTimeoutSeconds,
    GatewayLimits limits) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 1883;
  public static final int DEFAULT_WS_PORT = 8083;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024;
  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

  public static GatewayOptions defaults() {
    return new GatewayOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_WS_PORT, Optional.empty(),
        DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_CONNECT_TIMEOUT_SECONDS, GatewayLimits.defaults());
  }

  public static GatewayOptions fromEnv(Map<String, String> env) {
    return new GatewayOptions(
        env.getOrDefault("ANXIN_MQTT_HOST", DEFAULT_HOST),
        EnvInts.get(env, "ANXIN_MQTT_PORT", DEFAULT_PORT),
        EnvInts.get(env, "ANXIN_MQTT_WS_PORT", DEFAULT_WS_PORT),
        TlsListener.fromEnv(env),
        EnvInts.get(env, "ANXIN_MQTT_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES),
        EnvInts.get(env, "ANXIN_MQTT_CONNECT_TIMEOUT_S", DEFAULT_CONNECT_TIMEOUT_SECONDS),
        GatewayLimits.fromEnv(env));
  }

  /** Every listener on the given host with free ports (TLS stays as configured, on a free port). */
  public GatewayOptions onFreePorts(String newHost) {
    return new GatewayOptions(newHost, 0, wsPort < 0 ? -1 : 0,
        tls.map(t -> new TlsListener(0, t.certPem(), t.keyPem(), t.clientCaPem())),
        maxMessageBytes, connectTimeoutSeconds, limits);
  }

  public GatewayOptions withTls(TlsListener listener) {
    return new GatewayOptions(host, port, wsPort, Optional.of(listener), maxMessageBytes,
        connectTimeoutSeconds, limits);
  }

  public GatewayOptions withLimits(GatewayLimits newLimits) {
    return new GatewayOptions(host, port, wsPort, tls, maxMessageBytes, connectTimeoutSeconds, newLimits);
  }
}
