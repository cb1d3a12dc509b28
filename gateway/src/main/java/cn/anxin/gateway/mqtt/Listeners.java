package cn.anxin.gateway.mqtt;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttServerOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server options of each listener the gateway options ask for. */
final class Listeners {

  /** How devices reach the gateway. */
  enum Transport { TCP, TLS, WEBSOCKET }

  private Listeners() {}

  static Map<Transport, MqttServerOptions> of(GatewayOptions options) {
    Map<Transport, MqttServerOptions> listeners = new LinkedHashMap<>();
    listeners.put(Transport.TCP, base(options).setPort(options.port()));
    if (options.wsPort() >= 0) {
      listeners.put(Transport.WEBSOCKET, base(options).setPort(options.wsPort()).setUseWebSocket(true));
    }
    options.tls().ifPresent(tls -> {
      MqttServerOptions server = base(options).setPort(tls.port()).setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions()
              .setCertPath(tls.certPem().toString())
              .setKeyPath(tls.keyPem().toString()));
      tls.clientCaPem().ifPresent(ca -> server
          .setClientAuth(ClientAuth.REQUEST)
          .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
      listeners.put(Transport.TLS, server);
    });
    return listeners;
  }

  private static MqttServerOptions base(GatewayOptions options) {
    return new MqttServerOptions()
        .setHost(options.host())
        .setMaxMessageSize(options.maxMessageBytes())
        .setTimeoutOnConnect(options.connectTimeoutSeconds())
        .setAutoClientId(false);
  }
}
