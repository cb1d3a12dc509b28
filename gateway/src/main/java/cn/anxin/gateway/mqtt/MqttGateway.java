package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.auth.AuthOutcome;
import cn.anxin.gateway.auth.DeviceAuthenticator;
import cn.anxin.gateway.ingest.IngestPipeline;
import cn.anxin.gateway.observe.GatewayCounters;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MQTT listener devices connect to: authenticate on CONNECT, then hand publishes on. */
public final class MqttGateway {

  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);

  private final MqttServer server;
  private final DeviceAuthenticator authenticator;
  private final PublishPipeline pipeline;
  private final GatewayCounters counters;
  private final Map<String, MqttEndpoint> connected = new ConcurrentHashMap<>();

  private MqttGateway(
      MqttServer server,
      DeviceAuthenticator authenticator,
      PublishPipeline pipeline,
      GatewayCounters counters) {
    this.server = server;
    this.authenticator = authenticator;
    this.pipeline = pipeline;
    this.counters = counters;
  }

  public static Future<MqttGateway> start(
      Vertx vertx, GatewayOptions options, DeviceAuthenticator authenticator, IngestPipeline ingest) {
    Objects.requireNonNull(options, "options");
    GatewayCounters counters = ingest.counters();
    PublishPipeline pipeline = new PublishPipeline(ingest);
    MqttServerOptions serverOptions = new MqttServerOptions()
        .setHost(options.host())
        .setPort(options.port())
        .setMaxMessageSize(options.maxMessageBytes())
        .setTimeoutOnConnect(options.connectTimeoutSeconds())
        .setAutoClientId(false);
    MqttServer server = MqttServer.create(vertx, serverOptions);
    MqttGateway gateway = new MqttGateway(server, authenticator, pipeline, counters);
    server.endpointHandler(gateway::onConnect);
    server.exceptionHandler(e -> LOG.warn("MQTT protocol error: {}", e.toString()));
    return server.listen().map(s -> {
      LOG.info("MQTT gateway listening on {}:{}", options.host(), s.actualPort());
      return gateway;
    });
  }

  public int actualPort() {
    return server.actualPort();
  }

  public GatewayCounters counters() {
    return counters;
  }

  public Future<Void> close() {
    return server.close();
  }

  /** A device has one connection: a new one closes the one before it (MQTT-3.1.4-2). */
  private void takeOver(String deviceId, MqttEndpoint endpoint) {
    MqttEndpoint previous = connected.put(deviceId, endpoint);
    if (previous != null && previous != endpoint && previous.isConnected()) {
      LOG.info("device {} connected again; closing its earlier connection", deviceId);
      if (previous.protocolVersion() >= 5) {
        previous.disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttProperties.NO_PROPERTIES);
      } else {
        previous.close();
      }
    }
  }

  private void onConnect(MqttEndpoint endpoint) {
    MqttAuth auth = endpoint.auth();
    String username = auth == null ? null : auth.getUsername();
    String secret = auth == null ? null : auth.getPassword();
    authenticator
        .authenticate(endpoint.clientIdentifier(), username, secret)
        .onComplete(result -> {
          if (result.failed()) {
            LOG.error("could not check credentials of {}: {}", username, result.cause().toString());
            counters.connectionRefused();
            endpoint.reject(ConnectRefusal.unavailable(endpoint.protocolVersion()));
          } else if (result.result() == AuthOutcome.ACCEPTED) {
            counters.connectionAccepted();
            new DeviceConnection(endpoint, username, pipeline,
                () -> connected.remove(username, endpoint)).attach();
            endpoint.accept(false);
            takeOver(username, endpoint);
            LOG.info("device {} connected (MQTT {})", username,
                endpoint.protocolVersion() >= 5 ? "5" : "3.1.1");
          } else {
            counters.connectionRefused();
            LOG.warn("refused CONNECT of client '{}' from {}: {}",
                endpoint.clientIdentifier(), endpoint.remoteAddress(), result.result());
            endpoint.reject(ConnectRefusal.codeFor(result.result(), endpoint.protocolVersion()));
          }
        });
  }
}
