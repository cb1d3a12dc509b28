package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.family.FamilyPush;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One family app's connection: it may subscribe to its account's notification topic only (at QoS
 * 1 or 2, granted as 1), and may not publish: MQTT 5 gets a negative acknowledgement (0x87 not
 * authorized; a QoS 0 publish a DISCONNECT 0x87), MQTT 3.1.1, which has none, loses the connection,
 * as a device publishing on another device's topic does. Notifications leave at QoS 1; each push
 * completes on the app's PUBACK, or fails when the connection ends first.
 */
final class FamilyConnection {

  private static final Logger LOG = LoggerFactory.getLogger(FamilyConnection.class);
  static final int MAX_SUBSCRIPTION_PACKETS_PER_MINUTE = 10;

  private final Vertx vertx;
  private final MqttEndpoint endpoint;
  private final long accountId;
  private final Consumer<FamilyConnection> onClosed;
  private final Map<Integer, Promise<String>> awaitingAck = new HashMap<>();
  private Context context;
  private volatile boolean subscribed;
  private volatile boolean closed;
  /** SUBSCRIBE and UNSUBSCRIBE packets in the current minute: an app needs one or two per connection. */
  private long windowStartNanos = System.nanoTime();
  private int packetsInWindow;
  private boolean refusalLogged;

  FamilyConnection(Vertx vertx, MqttEndpoint endpoint, long accountId, Consumer<FamilyConnection> onClosed) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.accountId = accountId;
    this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
  }

  void attach() {
    context = vertx.getOrCreateContext();
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(this::onUnsubscribe);
    endpoint.publishAcknowledgeHandler(this::onPubAck);
    endpoint.exceptionHandler(e -> LOG.warn("family app connection of account {} failed: {}", accountId, e.toString()));
    endpoint.closeHandler(v -> onClose());
  }

  long accountId() {
    return accountId;
  }

  boolean subscribed() {
    return subscribed && !closed && endpoint.isConnected();
  }

  /** Ends the connection: a newer one of the same account took over, the credential was revoked, or the gateway stops. */
  void end(MqttDisconnectReasonCode reason) {
    context.runOnContext(v -> {
      if (!endpoint.isConnected()) {
        return;
      }
      if (endpoint.protocolVersion() >= 5) {
        endpoint.disconnect(reason, MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.close();
      }
    });
  }

  /**
   * Publishes a notification at QoS 1 on this connection's event loop; completes with a receipt on
   * the app's PUBACK.
   */
  Future<String> push(Buffer payload) {
    Promise<String> acked = Promise.promise();
    context.runOnContext(v -> {
      if (!subscribed()) {
        acked.tryFail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, FamilyPush.NOT_SUBSCRIBED, "not subscribed"));
        return;
      }
      endpoint.publish(FamilyPush.topic(accountId), payload, MqttQoS.AT_LEAST_ONCE, false, false)
          .onFailure(e -> acked.tryFail(lost(e.toString())));
      int packetId = endpoint.lastMessageId();
      awaitingAck.put(packetId, acked);
      acked.future().onComplete(done -> awaitingAck.remove(packetId, acked));
    });
    return acked.future();
  }

  private void onPubAck(int packetId) {
    Promise<String> acked = awaitingAck.remove(packetId);
    if (acked != null) {
      acked.tryComplete("MQTT " + (endpoint.protocolVersion() >= 5 ? "5" : "3.1.1") + " PUBACK, packet " + packetId);
    }
  }

  private void onPublish(MqttPublishMessage message) {
    LOG.warn("family app of account {} published on '{}': refused, apps publish nothing", accountId,
        message.topicName());
    if (endpoint.protocolVersion() < 5) {
      endpoint.close();
      return;
    }
    MqttProperties properties = new MqttProperties();
    properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(),
        "family apps may not publish"));
    switch (message.qosLevel()) {
      case AT_LEAST_ONCE -> endpoint.publishAcknowledge(message.messageId(), MqttPubAckReasonCode.NOT_AUTHORIZED,
          properties);
      case EXACTLY_ONCE -> endpoint.publishReceived(message.messageId(), MqttPubRecReasonCode.NOT_AUTHORIZED,
          properties);
      default -> endpoint.disconnect(MqttDisconnectReasonCode.NOT_AUTHORIZED, properties);
    }
  }

  /**
   * Only the account's own topic, exactly, at QoS 1 (a QoS 2 request is granted QoS 1; QoS 0 is refused).
   * The outbox is told when the app becomes subscribed, not on every SUBSCRIBE, and an app that sends
   * more than {@link #MAX_SUBSCRIPTION_PACKETS_PER_MINUTE} (un)subscriptions a minute is disconnected,
   * so no app can keep the notifier busy.
   */
  private void onSubscribe(MqttSubscribeMessage message) {
    if (overSubscriptionRate()) {
      return;
    }
    boolean v5 = endpoint.protocolVersion() >= 5;
    List<MqttSubAckReasonCode> codes = new ArrayList<>();
    boolean granted = false;
    for (MqttTopicSubscription subscription : message.topicSubscriptions()) {
      String filter = subscription.topicName();
      if (!FamilyPush.maySubscribe(accountId, filter)) {
        if (!refusalLogged) {
          refusalLogged = true;
          LOG.warn("refused subscription of the family app of account {} to '{}': not its own topic", accountId, filter);
        }
        codes.add(v5 ? MqttSubAckReasonCode.NOT_AUTHORIZED : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
      } else if (subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE) {
        LOG.warn("refused QoS 0 subscription of the family app of account {}: notifications need QoS 1", accountId);
        codes.add(v5 ? MqttSubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
      } else {
        codes.add(MqttSubAckReasonCode.GRANTED_QOS1);
        granted = true;
      }
    }
    endpoint.subscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
    if (granted && !subscribed) {
      subscribed = true;
      vertx.eventBus().publish(FamilyPush.SUBSCRIBED_ADDRESS, new JsonObject().put("accountId", accountId));
    }
  }

  /** Counts a (un)subscription packet; past the limit, closes the connection and says so. */
  private boolean overSubscriptionRate() {
    long now = System.nanoTime();
    if (now - windowStartNanos > 60_000_000_000L) {
      windowStartNanos = now;
      packetsInWindow = 0;
    }
    if (++packetsInWindow <= MAX_SUBSCRIPTION_PACKETS_PER_MINUTE) {
      return false;
    }
    LOG.warn("family app of account {} sent more than {} subscription packets in a minute: disconnected", accountId,
        MAX_SUBSCRIPTION_PACKETS_PER_MINUTE);
    if (endpoint.protocolVersion() >= 5) {
      endpoint.disconnect(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
    return true;
  }

  private void onUnsubscribe(MqttUnsubscribeMessage message) {
    if (overSubscriptionRate()) {
      return;
    }
    if (message.topics().contains(FamilyPush.topic(accountId))) {
      subscribed = false;
    }
    endpoint.unsubscribeAcknowledge(message.messageId());
  }

  private void onClose() {
    closed = true;
    LOG.info("family app of account {} disconnected", accountId);
    new ArrayList<>(awaitingAck.values()).forEach(p -> p.tryFail(lost("connection ended before the PUBACK")));
    awaitingAck.clear();
    onClosed.accept(this);
  }

  private static ReplyException lost(String why) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, FamilyPush.LOST, why);
  }
}
