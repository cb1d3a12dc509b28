package cn.anxin.platform.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A malformed payload is refused, stores nothing, and the connection carries on. */
class MalformedPayloadTest extends OnRunningStack {

  private static final int V5_PAYLOAD_FORMAT_INVALID = 0x99;
  private static final int V5_NOT_AUTHORIZED = 0x87;




  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "not json at all",
      "[1,2,3]",
      "{\"msgId\":\"m-1\"}",
      "{\"msgId\":\"m-1\",\"ts\":\"yesterday\"}",
      "{\"msgId\":\"m-1\",\"ts\":\"2026-11-29T01:02:03+08:00\",\"confidence\":7}",
      "{\"msgId\":\"m-1\",\"ts\":\"2026-11-29T01:02:03+08:00\",\"colour\":\"red\"}",
      "{\"msgId\":\"has space\",\"ts\":\"2026-11-29T01:02:03+08:00\"}"})
  void givenMqtt311_whenPayloadIsMalformed_thenNothingIsStoredAndTheNextGoodMessageGoesThrough(String bad)
      throws Exception {
    String device = "radar-bad-" + Integer.toHexString(bad.hashCode());
    long elderId = TestRegistry.elderWithRadar(db, "王秀兰", device, "secret");
    long quarantinedBefore = quarantined(device);

    MqttClient client = new MqttClient(stack.mqttUri(), device, new MemoryPersistence());
    try {
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setUserName(device);
      options.setPassword("secret".toCharArray());
      client.connect(options);
      client.publish(Payloads.fallTopic(device), Payloads.qos1(bad.getBytes(StandardCharsets.UTF_8)));
      client.publish(Payloads.fallTopic(device), Payloads.qos1(Payloads.fallBytes("good-1")));
      assertThat(client.isConnected()).isTrue();
      client.disconnect();
    } finally {
      client.close();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> openAlerts(elderId) == 1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = ? AND kind <> 'CONNECTIVITY'", device))
        .as("only the good message is stored").isEqualTo(1);
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = ? AND msg_id = 'good-1'", device)).isEqualTo(1);
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM alert a JOIN alert_event ae ON ae.alert_id = a.id WHERE a.elder_id = ?", elderId))
        .as("the alert stands on the good message alone").isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).alias("the bad one is kept for inspection")
        .until(() -> quarantined(device) == quarantinedBefore + 1);
  }

  @Test
  void givenMqtt5_whenPayloadIsMalformed_thenPubackSaysPayloadFormatInvalidAndTheNextGoodMessageGoesThrough()
      throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "杨国富", "radar-bad-v5", "secret");

    MqttAsyncClient client = connectV5("radar-bad-v5");
    try {
      IMqttToken bad = client.publish(Payloads.fallTopic("radar-bad-v5"),
          "{\"msgId\":\"x\"}".getBytes(StandardCharsets.UTF_8), 1, false);
      bad.waitForCompletion(10_000);
      assertThat(bad.getReasonCodes()).containsExactly(V5_PAYLOAD_FORMAT_INVALID);

      IMqttToken good = client.publish(Payloads.fallTopic("radar-bad-v5"), Payloads.fallBytes("good-v5"), 1, false);
      good.waitForCompletion(10_000);
      assertThat(good.getReasonCodes()).containsExactly(0);
      assertThat(client.isConnected()).isTrue();
    } finally {
      client.disconnect().waitForCompletion(5_000);
      client.close();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> openAlerts(elderId) == 1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-bad-v5' AND kind <> 'CONNECTIVITY'"))
        .isEqualTo(1);
  }

  @Test
  void givenMqtt5_whenPublishingOnAnotherDevicesTopic_thenPubackSaysNotAuthorizedAndNothingIsStored()
      throws Exception {
    TestRegistry.elderWithRadar(db, "赵玉珍", "radar-own", "secret");
    TestRegistry.elderWithRadar(db, "钱德明", "radar-other", "secret");

    MqttAsyncClient client = connectV5("radar-own");
    try {
      IMqttToken token = client.publish(Payloads.fallTopic("radar-other"), Payloads.fallBytes("spoof"), 1, false);
      token.waitForCompletion(10_000);
      assertThat(token.getReasonCodes()).containsExactly(V5_NOT_AUTHORIZED);
    } finally {
      client.disconnect().waitForCompletion(5_000);
      client.close();
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE msg_id = 'spoof'")).isZero();
  }

  @Test
  void givenMqtt311_whenPublishingOnAnotherDevicesTopic_thenTheConnectionIsClosedAndNothingIsStored()
      throws Exception {
    TestRegistry.elderWithRadar(db, "孙德厚", "radar-spoof311", "secret");
    TestRegistry.elderWithRadar(db, "周文英", "radar-target311", "secret");
    long refusedBefore = stack.stack().gateway().counters().snapshot().get("refusedMessages");

    MqttClient client = stack.connectV3("radar-spoof311", "secret");
    try {
      client.setTimeToWait(5_000);
      catchThrowable(() -> client.publish(Payloads.fallTopic("radar-target311"),
          Payloads.qos1(Payloads.fallBytes("spoof-311"))));
      await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    } finally {
      client.close(true);
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE msg_id = 'spoof-311'")).isZero();
    assertThat(stack.stack().gateway().counters().snapshot().get("refusedMessages")).isGreaterThan(refusedBefore);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM rejected_message WHERE device_id = 'radar-spoof311' AND reason LIKE 'NOT_AUTHORIZED%'")
        == 1);
  }

  private MqttAsyncClient connectV5(String device) throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(stack.mqttUri(), device,
        new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device);
    options.setPassword("secret".getBytes(StandardCharsets.UTF_8));
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private long quarantined(String device) throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM rejected_message WHERE device_id = ?", device);
  }

  private long openAlerts(long elderId) throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND is_open", elderId);
  }

}
