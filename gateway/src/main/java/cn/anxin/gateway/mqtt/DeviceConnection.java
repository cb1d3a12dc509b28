package cn.anxin.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device's connection. Its messages are processed one after another, so
 * acknowledgements leave in the order the messages came (MQTT 3.1.1, 4.6) and the journal sees a
 * device's messages in order.
 */
final class DeviceConnection {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

  private final MqttEndpoint endpoint;
  private final String deviceId;
  private final PublishPipeline pipeline;
  private final Runnable onClosed;
  private Future<Void> tail = Future.succeededFuture();

  DeviceConnection(
      MqttEndpoint endpoint, String deviceId, PublishPipeline pipeline, Runnable onClosed) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
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

  private void onPublish(MqttPublishMessage message) {
    tail = tail.transform(ignored ->
        pipeline
            .process(deviceId, message.topicName(), message.payload())
            .onSuccess(outcome -> PublishResponder.respond(endpoint, message, outcome))
            .mapEmpty());
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
