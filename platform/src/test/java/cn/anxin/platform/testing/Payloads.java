package cn.anxin.platform.testing;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Contract v1 payloads written by hand, as a device's firmware would. */
public final class Payloads {

  private Payloads() {}

  public static String fallTopic(String deviceId) {
    return "anxin/v1/devices/" + deviceId + "/events/fall";
  }

  /** Now in China Standard Time, as RFC 3339 with seconds always present. */
  public static String now() {
    return OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  public static String fall(String msgId) {
    return "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + now() + "\",\"confidence\":0.93,\"zone\":\"bathroom\"}";
  }

  public static byte[] fallBytes(String msgId) {
    return fall(msgId).getBytes(StandardCharsets.UTF_8);
  }

  /** A QoS 1 message with this payload. */
  public static MqttMessage qos1(byte[] payload) {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    return message;
  }
}
