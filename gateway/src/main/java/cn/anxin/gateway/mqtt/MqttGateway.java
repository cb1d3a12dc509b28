package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.auth.DeviceAuthenticator;
import cn.anxin.gateway.auth.FamilyAppAuthenticator;
import cn.anxin.gateway.family.FamilyPush;
import cn.anxin.gateway.command.CommandOutlet;
import cn.anxin.gateway.ingest.IngestPipeline;
import cn.anxin.gateway.mqtt.Listeners.Transport;
import cn.anxin.gateway.observe.GatewayCounters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MQTT listeners devices connect to (TCP, TLS, WebSocket), sharing one connection registry. */
public final class MqttGateway {

  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);

  private final Map<Transport, MqttServer> servers;
  private final ConnectHandler connects;
  private final ConnectionRegistry registry;
  private final GatewayCounters counters;
  private final FamilyApps families;

  private MqttGateway(Map<Transport, MqttServer> servers, ConnectHandler connects,
      ConnectionRegistry registry, GatewayCounters counters, FamilyApps families) {
    this.servers = servers;
    this.connects = connects;
    this.registry = registry;
    this.counters = counters;
    this.families = families;
  }

  /** The gateway for devices only: family apps are refused. */
  public static Future<MqttGateway> start(
      Vertx vertx, GatewayOptions options, DeviceAuthenticator authenticator, IngestPipeline ingest) {
    return start(vertx, options, authenticator, ingest, null);
  }

  /**
   * The gateway for devices and, when {@code familyApps} is given, family apps (client identifiers
   * of {@link FamilyPush#CLIENT_ID}), which receive notifications pushed over the event bus.
   */
  public static Future<MqttGateway> start(Vertx vertx, GatewayOptions options, DeviceAuthenticator authenticator,
      IngestPipeline ingest, FamilyAppAuthenticator familyApps) {
    Objects.requireNonNull(options, "options");
    FamilyApps families = new FamilyApps(vertx, familyApps);
    families.start();
    ConnectionRegistry registry = new ConnectionRegistry(options.limits());
    ConnectHandler connects = new ConnectHandler(vertx, authenticator, new PublishPipeline(ingest),
        registry, options, ingest.counters());
    Map<Transport, MqttServer> servers = new EnumMap<>(Transport.class);
    List<Future<MqttServer>> listening = new ArrayList<>();
    for (Map.Entry<Transport, MqttServerOptions> listener : Listeners.of(options).entrySet()) {
      MqttServer server = MqttServer.create(vertx, listener.getValue());
      Transport transport = listener.getKey();
      server.endpointHandler(endpoint -> {
        if (FamilyPush.isFamilyClient(endpoint.clientIdentifier())) {
          families.handle(endpoint);
        } else {
          connects.handle(endpoint, transport);
        }
      });
      server.exceptionHandler(e -> LOG.warn("MQTT {} protocol error: {}", listener.getKey(), e.toString()));
      servers.put(listener.getKey(), server);
      listening.add(server.listen().onSuccess(s -> LOG.info("MQTT {} listener on {}:{}",
          listener.getKey(), options.host(), s.actualPort())));
    }
    MqttGateway gateway = new MqttGateway(servers, connects, registry, ingest.counters(), families);
    return Future.all(listening).map(all -> gateway);
  }

  /** The plain TCP port. */
  public int actualPort() {
    return servers.get(Transport.TCP).actualPort();
  }

  /** The MQTT-over-WebSocket port, or -1 when that listener is off. */
  public int webSocketPort() {
    MqttServer server = servers.get(Transport.WEBSOCKET);
    return server == null ? -1 : server.actualPort();
  }

  /** The TLS port, or -1 when that listener is off. */
  public int tlsPort() {
    MqttServer server = servers.get(Transport.TLS);
    return server == null ? -1 : server.actualPort();
  }

  /** Where the command dispatcher sends commands to devices connected here. */
  public CommandOutlet commandOutlet() {
    return new MqttCommandOutlet(connects);
  }

  public GatewayCounters counters() {
    return counters;
  }

  /** Device connections held now. */
  public int connections() {
    return registry.connections();
  }

  /** Whether the device is connected and its socket reads are paused for flow control. */
  public boolean readsPaused(String deviceId) {
    return connects.connectionOf(deviceId).map(DeviceConnection::readsPaused).orElse(false);
  }

  /** Whether this Vert.x lets the gateway pause a connection's reads at all. */
  public boolean canPauseReads(String deviceId) {
    return connects.connectionOf(deviceId).map(DeviceConnection::canPauseReads).orElse(false);
  }

  /** Family app connections held now. */
  public int familyAppConnections() {
    return families.connections();
  }

  /** Closes every device connection (recording each as offline) and family app connection, then the listeners. */
  public Future<Void> close() {
    families.stop();
    return connects.stopping()
        .timeout(5, java.util.concurrent.TimeUnit.SECONDS)
        .transform(ignored -> {
          List<Future<Void>> closing = new ArrayList<>();
          servers.values().forEach(s -> closing.add(s.close()));
          return Future.join(closing).mapEmpty();
        });
  }
}
