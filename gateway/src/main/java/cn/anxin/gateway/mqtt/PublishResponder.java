package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.ingest.IngestOutcome;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;

/**
 * Maps a {@link IngestOutcome} to what the device is told: the one place where outcomes become
 * MQTT acknowledgements, reason codes or a disconnect.
 *
 * <p>MQTT 3.1.1 has no negative acknowledgement: a refused payload is acknowledged (it is kept in
 * quarantine, so a resend would change nothing) while a publish on another device's topic closes
 * the connection. MQTT 5 answers with the reason code. A message that could not be stored is not
 * acknowledged at all: the connection is closed so the device sends it again.
 */
final class PublishResponder {

  private PublishResponder() {}

  /** Returns whether an acknowledgement (PUBACK or PUBREC, with any reason code) was written. */
  static boolean respond(MqttEndpoint endpoint, MqttPublishMessage message, IngestOutcome outcome) {
    if (!endpoint.isConnected()) {
      return false;
    }
    boolean v5 = endpoint.protocolVersion() >= 5;
    if (outcome instanceof IngestOutcome.Stored) {
      return acknowledge(endpoint, message);
    } else if (outcome instanceof IngestOutcome.Refused refused) {
      if (v5) {
        return refuseV5(endpoint, message, refused);
      } else if (refused.refusal() == IngestOutcome.Refusal.NOT_AUTHORIZED) {
        endpoint.close();
      } else {
        return acknowledge(endpoint, message);
      }
    } else {
      if (v5) {
        endpoint.disconnect(MqttDisconnectReasonCode.SERVER_BUSY, MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.close();
      }
    }
    return false;
  }

  private static boolean acknowledge(MqttEndpoint endpoint, MqttPublishMessage message) {
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      endpoint.publishAcknowledge(message.messageId());
    } else if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      endpoint.publishReceived(message.messageId());
    }
    return message.qosLevel() != MqttQoS.AT_MOST_ONCE;
  }

  private static boolean refuseV5(
      MqttEndpoint endpoint, MqttPublishMessage message, IngestOutcome.Refused refused) {
    MqttProperties properties = new MqttProperties();
    properties.add(new MqttProperties.StringProperty(
        MqttProperties.MqttPropertyType.REASON_STRING.value(), refused.detail()));
    byte code = switch (refused.refusal()) {
      case TOPIC_INVALID -> MqttPubAckReasonCode.TOPIC_NAME_INVALID.value();
      case NOT_AUTHORIZED -> MqttPubAckReasonCode.NOT_AUTHORIZED.value();
      case PAYLOAD_INVALID -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID.value();
    };
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      endpoint.publishAcknowledge(message.messageId(), MqttPubAckReasonCode.valueOf(code), properties);
    } else if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      endpoint.publishReceived(message.messageId(), MqttPubRecReasonCode.valueOf(code), properties);
    }
    return message.qosLevel() != MqttQoS.AT_MOST_ONCE;
  }
}
