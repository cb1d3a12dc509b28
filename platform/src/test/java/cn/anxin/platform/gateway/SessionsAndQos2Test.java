package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** QoS 2 stored once and completed; clean and persistent sessions. */
class SessionsAndQos2Test extends OnRunningStack {




  @Test
  void givenQos2_whenPahoV3AndV5Publish_thenEachMessageIsStoredOnceAndTheExchangeCompletes() throws Exception {
    TestRegistry.elderWithRadar(db, "张桂英", "radar-q2", "secret");

    try (MqttClient v3 = new MqttClient(stack.mqttUri(), "radar-q2", new MemoryPersistence())) {
      v3.connect(v3Options("radar-q2", true));
      MqttMessage message = new MqttMessage(Payloads.fallBytes("q2-v3"));
      message.setQos(2);
      v3.publish(Payloads.fallTopic("radar-q2"), message);
      v3.disconnect();
    }
    org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(
        stack.mqttUri(), "radar-q2", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    try {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName("radar-q2");
      options.setPassword("secret".getBytes(StandardCharsets.UTF_8));
      v5.connect(options);
      v5.publish(Payloads.fallTopic("radar-q2"), Payloads.fallBytes("q2-v5"), 2, false);
      v5.disconnect();
    } finally {
      v5.close();
    }

    assertThat(count("radar-q2", "q2-v3")).isEqualTo(1);
    assertThat(count("radar-q2", "q2-v5")).isEqualTo(1);
  }

  @Test
  void givenQos2_whenMosquittoPubPublishesInBothVersions_thenEachIsStoredOnce() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
        "mosquitto_pub is not installed (Debian package mosquitto-clients); .ci/run installs it");
    TestRegistry.elderWithRadar(db, "李正华", "radar-q2m", "secret");
    for (String version : List.of("mqttv311", "mqttv5")) {
      Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(stack.mqttPort()),
          "-V", version, "-q", "2", "-i", "radar-q2m", "-u", "radar-q2m", "-P", "secret",
          "-t", Payloads.fallTopic("radar-q2m"), "-m", Payloads.fall("q2m-" + version))
          .redirectErrorStream(true).start();
      assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();
      assertThat(count("radar-q2m", "q2m-" + version)).isEqualTo(1);
    }
  }

  @Test
  void givenAPersistentSession_whenTheDeviceReconnects_thenTheSessionIsPresentAndACleanOneIsNot()
      throws Exception {
    TestRegistry.elderWithRadar(db, "王秀兰", "radar-sess", "secret");

    MqttAsyncClient client = new MqttAsyncClient(stack.mqttUri(), "radar-sess", new MemoryPersistence());
    try {
      IMqttToken first = client.connect(v3Options("radar-sess", false));
      first.waitForCompletion(10_000);
      assertThat(first.getSessionPresent()).isFalse();
      client.disconnect().waitForCompletion(5_000);

      IMqttToken resumed = client.connect(v3Options("radar-sess", false));
      resumed.waitForCompletion(10_000);
      assertThat(resumed.getSessionPresent()).as("persistent session resumed").isTrue();
      client.disconnect().waitForCompletion(5_000);

      IMqttToken clean = client.connect(v3Options("radar-sess", true));
      clean.waitForCompletion(10_000);
      assertThat(clean.getSessionPresent()).as("a clean session discards the old one").isFalse();
      client.disconnect().waitForCompletion(5_000);

      IMqttToken afterClean = client.connect(v3Options("radar-sess", false));
      afterClean.waitForCompletion(10_000);
      assertThat(afterClean.getSessionPresent()).isFalse();
      client.disconnect().waitForCompletion(5_000);
    } finally {
      client.close();
    }
  }

  private long count(String deviceId, String msgId) throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = ? AND msg_id = ?", deviceId, msgId) >= 1);
    return TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = ? AND msg_id = ?", deviceId, msgId);
  }

  static MqttConnectOptions v3Options(String deviceId, boolean clean) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(deviceId);
    options.setPassword("secret".toCharArray());
    options.setCleanSession(clean);
    return options;
  }
}
