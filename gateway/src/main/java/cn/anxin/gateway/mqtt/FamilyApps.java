package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.auth.AuthOutcome;
import cn.anxin.gateway.auth.FamilyAppAuthenticator;
import cn.anxin.gateway.family.FamilyPush;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Family apps on the MQTT listeners: a second kind of connection beside devices, with its own
 * credentials (see {@link FamilyPush}), no ingest, one topic to subscribe to and nothing to publish.
 * One connection per account (a new one takes over). The platform's notifier pushes through
 * {@link FamilyPush#PUSH_ADDRESS}; revoking a credential ({@link FamilyPush#REVOKED_ADDRESS}) ends
 * the account's connection. No session outlives a connection: the app subscribes after every
 * CONNECT, and what it missed is sent again from the notification outbox.
 */
final class FamilyApps {

  private static final Logger LOG = LoggerFactory.getLogger(FamilyApps.class);

  private final Vertx vertx;
  private final FamilyAppAuthenticator authenticator;
  private final Map<Long, FamilyConnection> connected = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  /** @param authenticator null when this gateway takes no family apps: every app is refused */
  FamilyApps(Vertx vertx, FamilyAppAuthenticator authenticator) {
    this.vertx = vertx;
    this.authenticator = authenticator;
  }

  void start() {
    if (authenticator == null) {
      return;
    }
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(FamilyPush.PUSH_ADDRESS, this::onPush));
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(FamilyPush.REVOKED_ADDRESS, m ->
        end(m.body().getLong("accountId"), MqttDisconnectReasonCode.NOT_AUTHORIZED)));
  }

  void stop() {
    consumers.forEach(MessageConsumer::unregister);
    connected.values().forEach(c -> c.end(MqttDisconnectReasonCode.SERVER_SHUTTING_DOWN));
  }

  /** Family app connections held now. */
  int connections() {
    return connected.size();
  }

  void handle(MqttEndpoint endpoint) {
    int version = endpoint.protocolVersion();
    if (authenticator == null) {
      refuse(endpoint, ConnectRefusal.codeFor(AuthOutcome.BAD_SECRET, version), "family apps are not served here");
      return;
    }
    MqttAuth auth = endpoint.auth();
    authenticator.authenticate(endpoint.clientIdentifier(), auth == null ? null : auth.getUsername(),
        auth == null ? null : auth.getPassword()).onComplete(result -> decide(endpoint, result));
  }

  private void decide(MqttEndpoint endpoint, AsyncResult<FamilyAppAuthenticator.Verdict> result) {
    int version = endpoint.protocolVersion();
    if (result.failed()) {
      LOG.error("could not check the credentials of a family app: {}", result.cause().toString());
      refuse(endpoint, ConnectRefusal.unavailable(version), "registry unavailable");
      return;
    }
    FamilyAppAuthenticator.Verdict verdict = result.result();
    if (verdict.outcome() != AuthOutcome.ACCEPTED) {
      refuse(endpoint, ConnectRefusal.codeFor(verdict.outcome(), version), verdict.outcome().name());
      return;
    }
    long accountId = verdict.accountId();
    FamilyConnection connection = new FamilyConnection(vertx, endpoint, accountId,
        closed -> connected.remove(closed.accountId(), closed));
    connection.attach();
    FamilyConnection earlier = connected.put(accountId, connection);
    if (earlier != null) {
      LOG.info("family app of account {} connected again; closing its earlier connection", accountId);
      earlier.end(MqttDisconnectReasonCode.SESSION_TAKEN_OVER);
    }
    endpoint.accept(false, connackProperties(endpoint));
    LOG.info("family app of account {} connected (MQTT {})", accountId, version >= 5 ? "5" : "3.1.1");
  }

  /**
   * MQTT 5: no session is kept, no retained or shared subscriptions. Wildcards are not announced as
   * unavailable: a wildcard filter is answered per filter, 0x87 not authorized, like any other topic.
   */
  private static MqttProperties connackProperties(MqttEndpoint endpoint) {
    if (endpoint.protocolVersion() < 5) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties properties = new MqttProperties();
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 0));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
    return properties;
  }

  private void onPush(Message<JsonObject> request) {
    long accountId = request.body().getLong("accountId");
    FamilyConnection connection = connected.get(accountId);
    if (connection == null || !connection.subscribed()) {
      request.fail(FamilyPush.NOT_SUBSCRIBED, "no app of the account is subscribed here");
      return;
    }
    connection.push(Buffer.buffer(request.body().getString("payload")))
        .onSuccess(receipt -> request.reply(new JsonObject().put("receipt", receipt)))
        .onFailure(e -> request.fail(e instanceof ReplyException r ? r.failureCode() : FamilyPush.LOST,
            e.getMessage()));
  }

  private void end(long accountId, MqttDisconnectReasonCode reason) {
    FamilyConnection connection = connected.get(accountId);
    if (connection != null) {
      LOG.info("family app credential of account {} revoked; closing its connection", accountId);
      connection.end(reason);
    }
  }

  private static void refuse(MqttEndpoint endpoint, MqttConnectReturnCode code, String why) {
    LOG.warn("refused CONNECT of family app '{}' from {}: {}", endpoint.clientIdentifier(),
        endpoint.remoteAddress(), why);
    try {
      endpoint.reject(code);
    } catch (IllegalStateException e) {
      LOG.debug("family app '{}' left before its CONNACK", endpoint.clientIdentifier());
    }
  }
}
