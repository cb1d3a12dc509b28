package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.observe.GatewayCounters;
import cn.anxin.gateway.command.CommandTopics;
import cn.anxin.gateway.ingest.IngestOutcome;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device's connection. Its messages are processed one after another, so
 * acknowledgements leave in the order the messages came (MQTT 3.1.1, 4.6) and the journal sees a
 * device's messages in order. A device over its publish rate is slowed down, not refused; with
 * too many messages waiting, its socket is no longer read until the backlog halves.
 */
final class DeviceConnection {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

  private final Vertx vertx;
  private final MqttEndpoint endpoint;
  private final String deviceId;
  private final PublishPipeline pipeline;
  private final TokenBucket bucket;
  private final int maxInflight;
  private final GatewayCounters counters;
  private final Consumer<String> onClosed;
  private final SocketReads reads;
  private final DeviceSession session;
  private final Runnable onSubscribed;
  private final Map<Integer, Promise<Void>> awaitingAck = new HashMap<>();
  private Context context;
  private long lastHeardNanos = System.nanoTime();
  private boolean disconnectedCleanly;
  private boolean willRequested;
  private volatile String endedBy;
  private Future<Void> tail = Future.succeededFuture();
  private int waiting;

  DeviceConnection(Vertx vertx, MqttEndpoint endpoint, String deviceId, DeviceSession session,
      PublishPipeline pipeline, TokenBucket bucket, int maxInflight, GatewayCounters counters,
      Consumer<String> onClosed, Runnable onSubscribed) {
    this.session = Objects.requireNonNull(session, "session");
    this.onSubscribed = Objects.requireNonNull(onSubscribed, "onSubscribed");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.maxInflight = maxInflight;
    this.counters = Objects.requireNonNull(counters, "counters");
    this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    this.reads = SocketReads.of(endpoint);
  }

  void attach() {
    context = vertx.getOrCreateContext();
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseHandler(this::onRelease);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(this::onUnsubscribe);
    endpoint.publishAcknowledgeHandler(this::onPubAck);
    endpoint.exceptionHandler(e -> LOG.warn("connection of {} failed: {}", deviceId, e.toString()));
    endpoint.pingHandler(v -> heard());
    endpoint.disconnectHandler(v -> disconnectedCleanly = true);
    endpoint.disconnectMessageHandler(m -> {
      disconnectedCleanly = true;
      willRequested = m.code() == MqttDisconnectReasonCode.WITH_WILL_MESSAGE;
    });
    endpoint.closeHandler(v -> onClose());
  }

  /** The gateway ends this connection itself: a newer one took over, or it is stopping. */
  void endedBy(String reason) {
    endedBy = reason;
  }

  private void heard() {
    lastHeardNanos = System.nanoTime();
  }

  /**
   * The connection ended. Unless the device said DISCONNECT (MQTT 5: without asking for its will),
   * its Last Will is ingested as if published now. The reason goes to the connectivity record.
   */
  private void onClose() {
    String reason = endedBy != null ? endedBy : closeReason();
    LOG.info("device {} disconnected ({})", deviceId, reason);
    MqttWill will = endpoint.will();
    boolean publishWill = !ConnectivityReasons.TAKEN_OVER.equals(reason)
        && (!disconnectedCleanly || willRequested) && will != null && will.isWillFlag();
    Future<?> willDone = publishWill
        ? pipeline.process(deviceId, will.getWillTopic(), will.getWillMessage())
            .onSuccess(outcome -> LOG.info("last will of {} ingested: {}", deviceId, outcome))
        : Future.succeededFuture();
    willDone.onComplete(done -> onClosed.accept(reason));
  }

  private String closeReason() {
    if (disconnectedCleanly) {
      return ConnectivityReasons.DISCONNECTED;
    }
    long keepAlive = endpoint.keepAliveTimeSeconds();
    long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    return keepAlive > 0 && silentMillis >= keepAlive * 1000
        ? ConnectivityReasons.KEEP_ALIVE_EXPIRED
        : ConnectivityReasons.CONNECTION_LOST;
  }

  String deviceId() {
    return deviceId;
  }

  /** True while this connection's socket is not being read (for tests and diagnostics). */
  boolean readsPaused() {
    return reads.paused();
  }

  boolean canPauseReads() {
    return reads.available();
  }

  private void onPublish(MqttPublishMessage message) {
    heard();
    if (message.qosLevel() == MqttQoS.EXACTLY_ONCE && session.awaitingRelease(message.messageId())) {
      endpoint.publishReceived(message.messageId());
      return;
    }
    Timer.Sample arrived = counters.publishArrived();
    waiting++;
    if (waiting >= maxInflight && !reads.paused()) {
      reads.pause();
      counters.readsPaused();
    }
    long readyAt = System.nanoTime() + bucket.reserve();
    tail = tail.transform(ignored ->
        waitUntil(readyAt)
            .compose(v -> pipeline.process(deviceId, message.topicName(), message.payload()))
            .onSuccess(outcome -> {
              if (message.qosLevel() == MqttQoS.EXACTLY_ONCE && outcome instanceof IngestOutcome.Stored) {
                session.received(message.messageId());
              }
              if (PublishResponder.respond(endpoint, message, outcome)) {
                counters.acknowledged(arrived);
              }
            })
            .<Void>mapEmpty()
            .onComplete(done -> onProcessed()));
  }

  /** QoS 2, second half: the message was stored at PUBLISH; forget its packet id and complete. */
  private void onRelease(int messageId) {
    session.released(messageId);
    endpoint.publishComplete(messageId);
  }

  private void onProcessed() {
    waiting--;
    if (reads.paused() && waiting <= maxInflight / 2) {
      reads.resume();
    }
  }

  private Future<Void> waitUntil(long readyAtNanos) {
    long delayMillis = TimeUnit.NANOSECONDS.toMillis(readyAtNanos - System.nanoTime());
    if (delayMillis <= 0) {
      return Future.succeededFuture();
    }
    counters.rateDelayed();
    Promise<Void> ready = Promise.promise();
    vertx.setTimer(delayMillis, t -> ready.complete());
    return ready.future();
  }

  /** A device may subscribe only to its own command topics, at most at QoS 1. */
  private void onSubscribe(MqttSubscribeMessage message) {
    heard();
    boolean v5 = endpoint.protocolVersion() >= 5;
    List<MqttSubAckReasonCode> codes = new ArrayList<>();
    for (MqttTopicSubscription subscription : message.topicSubscriptions()) {
      String filter = subscription.topicName();
      if (CommandTopics.mayDeviceSubscribe(deviceId, filter)) {
        session.subscribe(filter);
        codes.add(subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE
            ? MqttSubAckReasonCode.GRANTED_QOS0 : MqttSubAckReasonCode.GRANTED_QOS1);
      } else {
        LOG.warn("refused subscription of {} to '{}': not its own command topic", deviceId, filter);
        codes.add(v5 ? MqttSubAckReasonCode.NOT_AUTHORIZED : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
      }
    }
    endpoint.subscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
    if (codes.stream().anyMatch(c -> c.value() < 0x80)) {
      onSubscribed.run();
    }
  }

  private void onUnsubscribe(MqttUnsubscribeMessage message) {
    message.topics().forEach(session::unsubscribe);
    endpoint.unsubscribeAcknowledge(message.messageId());
  }

  /** Whether the device subscribed to commands of this name. */
  boolean wantsCommand(String name) {
    return endpoint.isConnected()
        && session.subscriptions().stream().anyMatch(f -> CommandTopics.covers(f, deviceId, name));
  }

  /**
   * Publishes a command at QoS 1 on this connection's own event loop; the future completes on the
   * device's PUBACK.
   */
  Future<Void> sendCommand(String name, Buffer payload) {
    Promise<Void> acked = Promise.promise();
    context.runOnContext(v -> {
      endpoint.publish(CommandTopics.command(deviceId, name), payload, MqttQoS.AT_LEAST_ONCE, false, false)
          .onFailure(acked::tryFail);
      awaitingAck.put(endpoint.lastMessageId(), acked);
    });
    return acked.future();
  }

  private void onPubAck(int packetId) {
    Promise<Void> acked = awaitingAck.remove(packetId);
    if (acked != null) {
      acked.tryComplete();
    }
  }
}
