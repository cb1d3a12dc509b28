package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import cn.anxin.gateway.forward.JdbcQuarantine;
import cn.anxin.gateway.mqtt.GatewayLimits;
import cn.anxin.gateway.mqtt.GatewayOptions;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** Bounded input: message size, time to CONNECT, kept rejections; one device's garbage harms no other. */
class BadInputTest extends OnRunningStack {


  /** Messages over 2 KiB and a CONNECT later than 1 s after the TCP handshake are refused. */
  @Override
  protected GatewayOptions gatewayOptions() {
    GatewayOptions defaults = GatewayOptions.defaults();
    return new GatewayOptions(defaults.host(), defaults.port(), defaults.wsPort(), Optional.empty(),
        2048, 1, GatewayLimits.defaults());
  }


  @Test
  void givenARefusedPayload_whenEngineersLookAtRejections_thenTheyFindItWithItsReason() throws Exception {
    TestRegistry.elderWithRadar(db, "张桂英", "radar-garbage", "secret");
    try (MqttClient client = connect("radar-garbage")) {
      client.publish(Payloads.fallTopic("radar-garbage"), qos(1, "{\"msgId\":\"x\",\"ts\":\"soon\"}"));
      client.disconnect();
    }

    JsonArray rejections = await().atMost(Duration.ofSeconds(10))
        .until(() -> rejections("radar-garbage", 10), list -> !list.isEmpty());
    JsonObject rejection = rejections.getJsonObject(0);
    assertThat(rejection.getString("topic")).isEqualTo(Payloads.fallTopic("radar-garbage"));
    assertThat(rejection.getString("reason")).startsWith("PAYLOAD_INVALID").contains("/ts");
    assertThat(rejection.getString("payloadText")).isEqualTo("{\"msgId\":\"x\",\"ts\":\"soon\"}");
    assertThat(stack.get("/api/rejections?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void givenADeviceFloodingGarbage_whenAnotherDeviceReportsAFall_thenTheFallGoesThroughAndTheGarbageKeptIsBounded()
      throws Exception {
    TestRegistry.elderWithRadar(db, "李正华", "radar-flooder", "secret");
    long victim = TestRegistry.elderWithRadar(db, "王秀兰", "radar-victim", "secret");
    int sent = JdbcQuarantine.KEPT_PER_DEVICE + 20;
    try (MqttClient flooder = connect("radar-flooder"); MqttClient other = connect("radar-victim")) {
      for (int i = 0; i < sent; i++) {
        flooder.publish(Payloads.fallTopic("radar-flooder"), qos(0, "garbage " + i));
      }
      other.publish(Payloads.fallTopic("radar-victim"), new MqttMessage(Payloads.fallBytes("real-fall")));
      flooder.disconnect();
      other.disconnect();
    }

    await().atMost(Duration.ofSeconds(20)).until(() ->
        TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND is_open", victim) == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> stack.stack().gateway().counters().snapshot()
        .get("refusedMessages") >= sent);
    await().atMost(Duration.ofSeconds(20)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM rejected_message WHERE device_id = 'radar-flooder'") == JdbcQuarantine.KEPT_PER_DEVICE);
  }

  @Test
  void givenAMessageOverTheSizeLimit_whenPublished_thenOnlyThatConnectionIsClosedAndTheDeviceCanReturn()
      throws Exception {
    TestRegistry.elderWithRadar(db, "杨国富", "radar-big", "secret");
    TestRegistry.elderWithRadar(db, "赵玉珍", "radar-small", "secret");
    try (MqttClient big = connect("radar-big"); MqttClient bystander = connect("radar-small")) {
      MqttMessage huge = new MqttMessage(new byte[4096]);
      huge.setQos(0);
      // the gateway may close the connection while the publish is still being written; Paho then
      // never completes the publish, so it is given a time to wait
      big.setTimeToWait(5_000);
      catchThrowable(() -> big.publish(Payloads.fallTopic("radar-big"), huge));
      await().atMost(Duration.ofSeconds(10)).until(() -> !big.isConnected());
      assertThat(bystander.isConnected()).isTrue();
      bystander.disconnect();
    }
    try (MqttClient again = connect("radar-big")) {
      again.publish(Payloads.fallTopic("radar-big"), new MqttMessage(Payloads.fallBytes("after-big")));
      again.disconnect();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = 'radar-big' AND msg_id = 'after-big'") == 1);
  }

  @Test
  void givenATcpConnectionThatNeverSendsConnect_whenTheConnectTimeoutPasses_thenTheGatewayClosesIt() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", stack.mqttPort())) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void givenQos0_whenAFallIsPublished_thenItIsStoredWithoutAnAcknowledgement() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "钱德明", "radar-qos0", "secret");
    try (MqttClient client = connect("radar-qos0")) {
      client.publish(Payloads.fallTopic("radar-qos0"), qos(0, Payloads.fall("q0")));
      client.disconnect();
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND is_open", elder) == 1);
  }

  private MqttClient connect(String deviceId) throws Exception {
    MqttClient client = new MqttClient(stack.mqttUri(), deviceId, new MemoryPersistence());
    client.connect(SessionsAndQos2Test.v3Options(deviceId, true));
    return client;
  }

  private static MqttMessage qos(int qos, String payload) {
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(qos);
    return message;
  }

  private JsonArray rejections(String deviceId, int limit) throws Exception {
    HttpResponse<String> response = stack.get("/api/rejections?deviceId=" + deviceId + "&limit=" + limit);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonArray(response.body());
  }
}
