package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.auth.AuthOutcome;
import cn.anxin.gateway.auth.Authenticated;
import cn.anxin.gateway.auth.DeviceAuthenticator;
import cn.anxin.gateway.command.CommandDispatcher;
import cn.anxin.gateway.decode.EventBody.ConnectivityState;
import cn.anxin.gateway.observe.ConnectRefusalReason;
import cn.anxin.gateway.observe.GatewayCounters;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CONNECT in named steps: authenticate (certificate or secret), admit within limits, accept. */
final class ConnectHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
  static final Duration MAX_SESSION = Duration.ofHours(24);

  private final Vertx vertx;
  private final DeviceAuthenticator authenticator;
  private final PublishPipeline pipeline;
  private final ConnectionRegistry registry;
  private final GatewayOptions options;
  private final GatewayCounters counters;
  private final Map<MqttEndpoint, DeviceConnection> open = new ConcurrentHashMap<>();
  private final SessionStore sessions;
  private final Map<MqttEndpoint, Promise<Void>> closing = new ConcurrentHashMap<>();

  ConnectHandler(Vertx vertx, DeviceAuthenticator authenticator, PublishPipeline pipeline,
      ConnectionRegistry registry, GatewayOptions options, GatewayCounters counters) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.options = Objects.requireNonNull(options, "options");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.sessions = new SessionStore(Clock.systemUTC());
  }

  void handle(MqttEndpoint endpoint, Listeners.Transport transport) {
    authenticate(endpoint).onComplete(result -> decide(endpoint, transport, result));
  }

  /**
   * The gateway is stopping: closes every device connection and completes once each one's
   * offline record is written (or could not be), so nothing is left half-recorded.
   */
  Future<Void> stopping() {
    List<Future<Void>> gone = new ArrayList<>();
    open.forEach((endpoint, connection) -> {
      connection.endedBy(ConnectivityReasons.SERVER_STOPPING);
      Promise<Void> closed = Promise.promise();
      closing.put(endpoint, closed);
      gone.add(closed.future());
      endpoint.close();
    });
    return Future.join(gone).mapEmpty();
  }

  Optional<DeviceConnection> connectionOf(String deviceId) {
    return registry.endpoint(deviceId).map(open::get);
  }

  private Future<Authenticated> authenticate(MqttEndpoint endpoint) {
    MqttAuth auth = endpoint.auth();
    String username = auth == null ? null : auth.getUsername();
    Optional<String> certified = CertificateIdentity.deviceId(endpoint);
    if (certified.isPresent()) {
      return authenticator.authenticateCertificate(endpoint.clientIdentifier(), username, certified.get());
    }
    return authenticator.authenticateSecret(
        endpoint.clientIdentifier(), username, auth == null ? null : auth.getPassword());
  }

  private void decide(MqttEndpoint endpoint, Listeners.Transport transport, AsyncResult<Authenticated> result) {
    int version = endpoint.protocolVersion();
    if (result.failed()) {
      LOG.error("could not check credentials of '{}': {}", endpoint.clientIdentifier(), result.cause().toString());
      refuse(endpoint, ConnectRefusal.unavailable(version), ConnectRefusalReason.REGISTRY_UNAVAILABLE);
      return;
    }
    Authenticated verdict = result.result();
    if (verdict.outcome() != AuthOutcome.ACCEPTED) {
      refuse(endpoint, ConnectRefusal.codeFor(verdict.outcome(), version),
          ConnectRefusalReason.of(verdict.outcome()));
      return;
    }
    String deviceId = endpoint.clientIdentifier();
    Optional<DeviceConnection> earlier = connectionOf(deviceId);
    earlier.ifPresent(c -> c.endedBy(ConnectivityReasons.TAKEN_OVER));
    ConnectionRegistry.Admission admission = registry.admit(deviceId, verdict.siteId(), endpoint);
    if (admission != ConnectionRegistry.Admission.ADMITTED) {
      earlier.ifPresent(c -> c.endedBy(null));
    }
    switch (admission) {
      case GATEWAY_FULL -> refuse(endpoint, ConnectRefusal.gatewayFull(version), ConnectRefusalReason.GATEWAY_FULL);
      case SITE_FULL -> refuse(endpoint, ConnectRefusal.siteFull(version), ConnectRefusalReason.SITE_FULL);
      case ADMITTED -> accept(endpoint, deviceId, transport);
    }
  }

  private void accept(MqttEndpoint endpoint, String deviceId, Listeners.Transport transport) {
    String transportName = transport.name().toLowerCase(java.util.Locale.ROOT);
    String protocol = endpoint.protocolVersion() >= 5 ? "5" : "3.1.1";
    counters.connectionAccepted();
    boolean clean = endpoint.isCleanSession();
    SessionStore.Resumed resumed = sessions.open(deviceId, clean);
    Duration keepSession = sessionExpiry(endpoint);
    DeviceConnection connection = new DeviceConnection(vertx, endpoint, deviceId, resumed.session(),
        pipeline, registry.bucket(deviceId), options.limits().maxInflight(), counters, reason -> {
          registry.release(deviceId, endpoint);
          sessions.closed(deviceId, resumed.session(), clean, keepSession);
          Future<Void> recorded = ConnectivityReasons.TAKEN_OVER.equals(reason)
              ? Future.succeededFuture()
              : pipeline.ingest().connectivity(deviceId, ConnectivityState.OFFLINE, reason, transportName, protocol);
          recorded.onComplete(done -> {
            open.remove(endpoint);
            Promise<Void> gone = closing.remove(endpoint);
            if (gone != null) {
              gone.tryComplete();
            }
          });
        }, () -> vertx.eventBus().publish(CommandDispatcher.WAKE_ADDRESS, deviceId));
    open.put(endpoint, connection);
    connection.attach();
    endpoint.accept(resumed.present(), connackProperties(endpoint));
    pipeline.ingest().connectivity(
        deviceId, ConnectivityState.ONLINE, ConnectivityReasons.CONNECTED, transportName, protocol);
    if (!resumed.session().subscriptions().isEmpty()) {
      vertx.eventBus().publish(CommandDispatcher.WAKE_ADDRESS, deviceId);
    }
    LOG.info("device {} connected (MQTT {}{})", deviceId, endpoint.protocolVersion() >= 5 ? "5" : "3.1.1",
        endpoint.isSsl() ? ", TLS" : "");
  }

  /**
   * How long a persistent session outlives its connection: MQTT 5 says (session expiry interval,
   * capped); MQTT 3.1.1 persistent sessions are kept {@link #MAX_SESSION}.
   */
  private static Duration sessionExpiry(MqttEndpoint endpoint) {
    if (endpoint.isCleanSession()) {
      return Duration.ZERO;
    }
    if (endpoint.protocolVersion() < 5) {
      return MAX_SESSION;
    }
    MqttProperties.MqttProperty<?> expiry = endpoint.connectProperties()
        .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
    long seconds = expiry == null ? 0 : ((Number) expiry.value()).longValue() & 0xFFFFFFFFL;
    return Duration.ofSeconds(Math.min(seconds, MAX_SESSION.toSeconds()));
  }

  /** Collection of the connections held, for the command channel. */
  Set<String> connectedDevices() {
    Set<String> devices = new HashSet<>();
    open.values().forEach(c -> devices.add(c.deviceId()));
    return devices;
  }

  /** MQTT 5: tell the device how many unacknowledged messages and how large a packet we take. */
  private MqttProperties connackProperties(MqttEndpoint endpoint) {
    if (endpoint.protocolVersion() < 5) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties properties = new MqttProperties();
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), options.limits().maxInflight()));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), options.maxMessageBytes()));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
    return properties;
  }

  private void refuse(MqttEndpoint endpoint, MqttConnectReturnCode code, ConnectRefusalReason why) {
    counters.connectionRefused(why);
    LOG.warn("refused CONNECT of client '{}' from {}: {}", endpoint.clientIdentifier(),
        endpoint.remoteAddress(), why);
    try {
      endpoint.reject(code);
    } catch (IllegalStateException e) {
      LOG.debug("client '{}' left before its CONNACK", endpoint.clientIdentifier());
    }
  }
}
