package cn.anxin.platform.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The thin slice end to end: a device's fall over MQTT becomes an open P1 alert in the API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FallSliceTest {

  private HikariDataSource db;
  private RunningStack stack;

  @BeforeAll
  void start() throws Exception {
    db = TestDatabases.fresh();
    stack = RunningStack.start(db);
  }

  @AfterAll
  void stop() throws Exception {
    stack.close();
    db.close();
  }

  @Test
  void givenBoundRadar_whenPahoV3PublishesFallAtQos1_thenOpenP1AlertForTheElderIsServed() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "张桂英", "radar-paho", "s3cret-paho");

    try (MqttClient device = connectV3("radar-paho", "s3cret-paho")) {
      device.publish(Payloads.fallTopic("radar-paho"), message(Payloads.fallBytes("fall-1")));
      device.disconnect();
    }

    JsonObject alert = awaitOpenAlertFor(elderId);
    assertThat(alert.getString("rule")).isEqualTo("FALL");
    assertThat(alert.getString("severity")).isEqualTo("P1");
    assertThat(alert.getString("status")).isEqualTo("OPEN");
    assertThat(alert.getJsonObject("elder").getString("name")).isEqualTo("张桂英");
    assertThat(alert.getString("deviceId")).isEqualTo("radar-paho");
    assertThat(alert.getString("zone")).isEqualTo("bathroom");
    assertThat(alert.getString("raisedAt")).isNotBlank();
    long causeEvent = alert.getLong("causeEventId");
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE id = ? AND device_id = 'radar-paho' AND msg_id = 'fall-1'",
        causeEvent)).isEqualTo(1);
  }

  @Test
  void givenBoundRadar_whenMosquittoPubPublishesFall_thenOpenP1AlertIsServed() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
        "mosquitto_pub is not installed (Debian package mosquitto-clients); .ci/run installs it");
    long elderId = TestRegistry.elderWithRadar(db, "李正华", "radar-mosq", "s3cret-mosq");

    for (String version : List.of("mqttv311", "mqttv5")) {
      Process pub = new ProcessBuilder(
          "mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(stack.mqttPort()),
          "-V", version, "-q", "1", "-i", "radar-mosq", "-u", "radar-mosq", "-P", "s3cret-mosq",
          "-t", Payloads.fallTopic("radar-mosq"), "-m", Payloads.fall("mosq-" + version))
          .redirectErrorStream(true).start();
      assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String output = new String(pub.getInputStream().readAllBytes());
      assertThat(pub.exitValue()).as("mosquitto_pub %s: %s", version, output).isZero();
    }

    JsonObject alert = awaitOpenAlertFor(elderId);
    assertThat(alert.getString("severity")).isEqualTo("P1");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(openAlertFor(elderId).getInteger("eventCount")).isEqualTo(2));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-mosq' AND kind <> 'CONNECTIVITY'"))
        .isEqualTo(2);
  }

  @Test
  void givenOpenFallAlert_whenAnotherFallArrives_thenItAddsToTheOpenAlertInsteadOfRaisingAnother()
      throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "王秀兰", "radar-repeat", "s3cret-repeat");

    try (MqttClient device = connectV3("radar-repeat", "s3cret-repeat")) {
      device.publish(Payloads.fallTopic("radar-repeat"), message(Payloads.fallBytes("r-1")));
      device.publish(Payloads.fallTopic("radar-repeat"), message(Payloads.fallBytes("r-2")));
      device.disconnect();
    }

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(openAlertFor(elderId).getInteger("eventCount")).isEqualTo(2));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ?", elderId)).isEqualTo(1);
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM alert_event ae JOIN alert a ON a.id = ae.alert_id WHERE a.elder_id = ?",
        elderId)).isEqualTo(2);
  }

  @Test
  void givenStoredFall_whenTheDeviceResendsTheSameMsgId_thenItIsStoredOnceAndCountedOnce() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "杨国富", "radar-dup", "s3cret-dup");

    try (MqttClient device = connectV3("radar-dup", "s3cret-dup")) {
      device.publish(Payloads.fallTopic("radar-dup"), message(Payloads.fallBytes("same-id")));
      device.publish(Payloads.fallTopic("radar-dup"), message(Payloads.fallBytes("same-id")));
      device.disconnect();
    }

    awaitOpenAlertFor(elderId);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-dup' AND kind <> 'CONNECTIVITY'"))
        .isEqualTo(1);
    assertThat(openAlertFor(elderId).getInteger("eventCount")).isEqualTo(1);
    assertThat(stack.stack().gateway().counters().snapshot().get("duplicates")).isPositive();
  }

  private MqttClient connectV3(String deviceId, String secret) throws Exception {
    MqttClient client = new MqttClient(stack.mqttUri(), deviceId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(deviceId);
    options.setPassword(secret.toCharArray());
    options.setCleanSession(true);
    client.connect(options);
    return client;
  }

  private static MqttMessage message(byte[] payload) {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    return message;
  }

  private JsonObject awaitOpenAlertFor(long elderId) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> openAlertFor(elderId), a -> a != null);
  }

  private JsonObject openAlertFor(long elderId) throws Exception {
    JsonArray alerts = stack.openAlerts();
    for (int i = 0; i < alerts.size(); i++) {
      JsonObject alert = alerts.getJsonObject(i);
      if (alert.getJsonObject("elder").getLong("id") == elderId) {
        return alert;
      }
    }
    return null;
  }
}
