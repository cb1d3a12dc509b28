package cn.anxin.gateway.mqtt;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS listener: on when a certificate and key are configured. Environment variables:
 * {@code ANXIN_MQTT_TLS_PORT} (8883), {@code ANXIN_MQTT_TLS_CERT} and {@code ANXIN_MQTT_TLS_KEY}
 * (PEM), and {@code ANXIN_MQTT_TLS_CLIENT_CA} (PEM) to let devices authenticate with an X.509
 * client certificate issued by that CA instead of a secret.
 *
 * @param port TCP port; 0 picks a free one
 * @param certPem the server certificate chain
 * @param keyPem its private key
 * @param clientCaPem the CA that issues device certificates, if devices may use them
 */
public record TlsListener(int port, Path certPem, Path keyPem, Optional<Path> clientCaPem) {

  public static final int DEFAULT_PORT = 8883;

  static Optional<TlsListener> fromEnv(Map<String, String> env) {
    String cert = env.get("ANXIN_MQTT_TLS_CERT");
    String key = env.get("ANXIN_MQTT_TLS_KEY");
    if (cert == null || cert.isBlank() || key == null || key.isBlank()) {
      return Optional.empty();
    }
    String port = env.get("ANXIN_MQTT_TLS_PORT");
    String ca = env.get("ANXIN_MQTT_TLS_CLIENT_CA");
    return Optional.of(new TlsListener(
        port == null || port.isBlank() ? DEFAULT_PORT : Integer.parseInt(port.trim()),
        Path.of(cert.trim()),
        Path.of(key.trim()),
        ca == null || ca.isBlank() ? Optional.empty() : Optional.of(Path.of(ca.trim()))));
  }
}
