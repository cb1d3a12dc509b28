package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.observe.GatewayCounters;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
  private final Runnable onClosed;
  private final SocketReads reads;
  private Future<Void> tail = Future.succeededFuture();
  private int waiting;

  DeviceConnection(Vertx vertx, MqttEndpoint endpoint, String deviceId, PublishPipeline pipeline,
      TokenBucket bucket, int maxInflight, GatewayCounters counters, Runnable onClosed) {
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
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(m -> endpoint.unsubscribeAcknowledge(m.messageId()));
    endpoint.exceptionHandler(e -> LOG.warn("connection of {} failed: {}", deviceId, e.toString()));
    endpoint.closeHandler(v -> {
      LOG.info("device {} disconnected", deviceId);
      onClosed.run();
    });
  }

  /** True while this connection's socket is not being read (for tests and diagnostics). */
  boolean readsPaused() {
    return reads.paused();
  }

  boolean canPauseReads() {
    return reads.available();
  }

  private void onPublish(MqttPublishMessage message) {
    waiting++;
    if (waiting >= maxInflight && !reads.paused()) {
      reads.pause();
      counters.readsPaused();
    }
    long readyAt = System.nanoTime() + bucket.reserve();
    tail = tail.transform(ignored ->
        waitUntil(readyAt)
            .compose(v -> pipeline.process(deviceId, message.topicName(), message.payload()))
            .onSuccess(outcome -> PublishResponder.respond(endpoint, message, outcome))
            .<Void>mapEmpty()
            .onComplete(done -> onProcessed()));
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

  /** Command topics come with the gateway's command channel; until then every filter is refused. */
  private void onSubscribe(MqttSubscribeMessage message) {
    MqttSubAckReasonCode refused = endpoint.protocolVersion() >= 5
        ? MqttSubAckReasonCode.NOT_AUTHORIZED
        : MqttSubAckReasonCode.UNSPECIFIED_ERROR;
    List<MqttSubAckReasonCode> codes =
        Collections.nCopies(message.topicSubscriptions().size(), refused);
    LOG.warn("refused subscription of {} to {}", deviceId, message.topicSubscriptions());
    endpoint.subscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
  }
}
