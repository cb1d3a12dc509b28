package cn.anxin.platform.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The thin slice end to end: a device's fall over MQTT becomes an open P1 alert in the API. */
class FallSliceTest extends OnRunningStack {




  @Test
  void givenBoundRadar_whenPahoV3PublishesFallAtQos1_thenOpenP1AlertForTheElderIsServed() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "张桂英", "radar-paho", "s3cret-paho");

    try (MqttClient device = stack.connectV3("radar-paho", "s3cret-paho")) {
      device.publish(Payloads.fallTopic("radar-paho"), Payloads.qos1(Payloads.fallBytes("fall-1")));
      device.disconnect();
    }

    JsonObject alert = stack.awaitOpenAlertFor(elderId);
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

    JsonObject alert = stack.awaitOpenAlertFor(elderId);
    assertThat(alert.getString("severity")).isEqualTo("P1");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(stack.openAlertFor(elderId).getInteger("eventCount")).isEqualTo(2));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-mosq' AND kind <> 'CONNECTIVITY'"))
        .isEqualTo(2);
  }

  @Test
  void givenOpenFallAlert_whenAnotherFallArrives_thenItAddsToTheOpenAlertInsteadOfRaisingAnother()
      throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "王秀兰", "radar-repeat", "s3cret-repeat");

    try (MqttClient device = stack.connectV3("radar-repeat", "s3cret-repeat")) {
      device.publish(Payloads.fallTopic("radar-repeat"), Payloads.qos1(Payloads.fallBytes("r-1")));
      device.publish(Payloads.fallTopic("radar-repeat"), Payloads.qos1(Payloads.fallBytes("r-2")));
      device.disconnect();
    }

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(stack.openAlertFor(elderId).getInteger("eventCount")).isEqualTo(2));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ?", elderId)).isEqualTo(1);
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM alert_event ae JOIN alert a ON a.id = ae.alert_id WHERE a.elder_id = ?",
        elderId)).isEqualTo(2);
  }

  @Test
  void givenStoredFall_whenTheDeviceResendsTheSameMsgId_thenItIsStoredOnceAndCountedOnce() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "杨国富", "radar-dup", "s3cret-dup");

    try (MqttClient device = stack.connectV3("radar-dup", "s3cret-dup")) {
      device.publish(Payloads.fallTopic("radar-dup"), Payloads.qos1(Payloads.fallBytes("same-id")));
      device.publish(Payloads.fallTopic("radar-dup"), Payloads.qos1(Payloads.fallBytes("same-id")));
      device.disconnect();
    }

    stack.awaitOpenAlertFor(elderId);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-dup' AND kind <> 'CONNECTIVITY'"))
        .isEqualTo(1);
    assertThat(stack.openAlertFor(elderId).getInteger("eventCount")).isEqualTo(1);
    assertThat(stack.stack().gateway().counters().snapshot().get("duplicates")).isPositive();
  }




}
