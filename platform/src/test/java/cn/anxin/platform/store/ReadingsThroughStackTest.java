package cn.anxin.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A device's readings over MQTT end up, once processed, in the typed tables and the hourly view
 * with the elder the device is bound to; a resend is stored once there too.
 */
class ReadingsThroughStackTest extends OnRunningStack {

  @Test
  void givenARadarBoundToAnElder_whenItPublishesVitals_thenTheyAreStoredAsTypedReadingsOfThatElder() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "赵玉兰", "radar-vitals", "secret");
    MqttAsyncClient client = new MqttAsyncClient(stack.mqttUri(), "radar-vitals", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName("radar-vitals");
    options.setPassword("secret".toCharArray());
    options.setMaxInflight(50);
    client.connect(options).waitForCompletion(10_000);

    // WHEN the radar publishes 30 vitals at QoS 1, the first one twice (a resend)
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    String topic = "anxin/v1/devices/radar-vitals/events/vitals";
    for (int i = 0; i < 30; i++) {
      tokens.add(client.publish(topic, Payloads.qos1(vitals("v-" + i, 60 + i))));
    }
    tokens.add(client.publish(topic, Payloads.qos1(vitals("v-0", 60))));
    for (IMqttDeliveryToken token : tokens) {
      token.waitForCompletion(10_000);
      assertThat(token.getException()).isNull();
    }

    // THEN once processed, each is one typed reading of the elder, and the hour rolls them up
    await().atMost(Duration.ofSeconds(15)).until(() ->
        TestRegistry.count(db, "SELECT count(*) FROM reading_vitals WHERE elder_id = ?", elder) == 30);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-vitals'"
        + " AND kind = 'VITALS' AND processed_at IS NULL")).isZero();
    assertThat(TestRegistry.count(db, "SELECT sum(samples) FROM reading_hourly"
        + " WHERE elder_id = ? AND metric = 'heart_rate'", elder)).isEqualTo(30);
    assertThat(TestRegistry.count(db, "SELECT max(max_value)::bigint FROM reading_hourly"
        + " WHERE elder_id = ? AND metric = 'heart_rate'", elder)).isEqualTo(89);
    client.disconnect().waitForCompletion(5_000);
    client.close();
  }

  private static byte[] vitals(String msgId, int heartRate) {
    return ("{\"msgId\":\"" + msgId + "\",\"ts\":\"" + Payloads.now() + "\",\"heartRate\":" + heartRate
        + ",\"breathingRate\":16}").getBytes(StandardCharsets.UTF_8);
  }
}
