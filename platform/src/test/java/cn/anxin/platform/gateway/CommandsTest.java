package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Commands down to devices at QoS 1, with a deadline and a status to follow. */
class CommandsTest extends OnRunningStack {

  private final HttpClient http = HttpClient.newHttpClient();



  @Test
  void givenAPendantSubscribedToItsCommands_whenStaffSilenceItsBuzzer_thenItGetsTheCommandAndItIsDelivered()
      throws Exception {
    TestRegistry.elderWithRadar(db, "张桂英", "pendant-cmd", "secret");
    BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    try (MqttClient device = new MqttClient(stack.mqttUri(), "pendant-cmd", new MemoryPersistence())) {
      device.connect(SessionsAndQos2Test.v3Options("pendant-cmd", true));
      device.subscribe("anxin/v1/devices/pendant-cmd/commands/#", 1,
          (topic, message) -> received.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)}));

      JsonObject created = post("pendant-cmd", "{\"name\":\"silence-buzzer\",\"args\":{\"seconds\":60}}", 202);
      assertThat(created.getString("status")).isEqualTo("PENDING");

      String[] command = received.poll(10, TimeUnit.SECONDS);
      assertThat(command).isNotNull();
      assertThat(command[0]).isEqualTo("anxin/v1/devices/pendant-cmd/commands/silence-buzzer");
      JsonObject payload = new JsonObject(command[1]);
      assertThat(payload.getString("cmdId")).isEqualTo(created.getString("id"));
      assertThat(payload.getJsonObject("args").getInteger("seconds")).isEqualTo(60);
      await().atMost(Duration.ofSeconds(10)).until(() -> status("pendant-cmd", created).equals("DELIVERED"));
      device.disconnect();
    }
  }

  @Test
  void givenADeliveredCommand_whenTheDeviceAnswers_thenTheCommandSucceedsOrFailsWithItsDetail() throws Exception {
    TestRegistry.elderWithRadar(db, "周桂兰", "pendant-answer", "secret");
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (MqttClient device = new MqttClient(stack.mqttUri(), "pendant-answer", new MemoryPersistence())) {
      device.connect(SessionsAndQos2Test.v3Options("pendant-answer", true));
      device.subscribe("anxin/v1/devices/pendant-answer/commands/+", 1,
          (topic, message) -> received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));

      JsonObject silence = post("pendant-answer", "{\"name\":\"silence-buzzer\"}", 202);
      answer(device, new JsonObject(received.poll(10, TimeUnit.SECONDS)).getString("cmdId"), true, null);
      JsonObject confirm = post("pendant-answer", "{\"name\":\"confirm-alarm\"}", 202);
      answer(device, new JsonObject(received.poll(10, TimeUnit.SECONDS)).getString("cmdId"), false, "电量不足");

      await().atMost(Duration.ofSeconds(10)).until(() -> status("pendant-answer", silence).equals("SUCCEEDED"));
      await().atMost(Duration.ofSeconds(10)).until(() -> status("pendant-answer", confirm).equals("FAILED"));
      assertThat(get("pendant-answer", confirm).getString("detail")).isEqualTo("电量不足");
      assertThat(get("pendant-answer", silence).getString("completedAt")).isNotNull();
      device.disconnect();
    }
  }

  private static void answer(MqttClient device, String cmdId, boolean ok, String detail) throws Exception {
    JsonObject result = new JsonObject().put("msgId", "r-" + cmdId).put("ts", Payloads.now())
        .put("cmdId", cmdId).put("ok", ok);
    if (detail != null) {
      result.put("detail", detail);
    }
    org.eclipse.paho.client.mqttv3.MqttMessage message =
        new org.eclipse.paho.client.mqttv3.MqttMessage(result.toBuffer().getBytes());
    message.setQos(1);
    device.publish("anxin/v1/devices/" + device.getClientId() + "/events/command-result", message);
  }

  @Test
  void givenMosquittoSubAsTheDevice_whenACommandIsSent_thenItArrivesInBothProtocolVersions() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
        "mosquitto_sub is not installed (Debian package mosquitto-clients); .ci/run installs it");
    TestRegistry.elderWithRadar(db, "李正华", "pendant-mosq", "secret");
    for (String version : List.of("mqttv311", "mqttv5")) {
      Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(stack.mqttPort()),
          "-V", version, "-q", "1", "-i", "pendant-mosq", "-u", "pendant-mosq", "-P", "secret",
          "-t", "anxin/v1/devices/pendant-mosq/commands/+", "-C", "1", "-W", "20", "-v")
          .redirectErrorStream(true).start();
      JsonObject created = post("pendant-mosq", "{\"name\":\"confirm-alarm\"}", 202);

      assertThat(sub.waitFor(25, TimeUnit.SECONDS)).isTrue();
      String output = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(sub.exitValue()).as(output).isZero();
      assertThat(output).startsWith("anxin/v1/devices/pendant-mosq/commands/confirm-alarm ")
          .contains(created.getString("id"));
      await().atMost(Duration.ofSeconds(10)).until(() -> status("pendant-mosq", created).equals("DELIVERED"));
    }
  }

  @Test
  void givenAPersistentSession_whenACommandIsSentWhileTheDeviceIsAway_thenItArrivesAfterReconnectWithoutResubscribing()
      throws Exception {
    TestRegistry.elderWithRadar(db, "王秀兰", "pendant-away", "secret");
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    MqttAsyncClient device = new MqttAsyncClient(stack.mqttUri(), "pendant-away", new MemoryPersistence());
    try {
      device.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
        @Override public void connectionLost(Throwable cause) { }
        @Override public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
          received.add(topic);
        }
        @Override public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) { }
      });
      device.connect(SessionsAndQos2Test.v3Options("pendant-away", false)).waitForCompletion(10_000);
      device.subscribe("anxin/v1/devices/pendant-away/commands/confirm-alarm", 1).waitForCompletion(10_000);
      device.disconnect().waitForCompletion(10_000);

      JsonObject created = post("pendant-away", "{\"name\":\"confirm-alarm\",\"timeoutSeconds\":60}", 202);
      assertThat(status("pendant-away", created)).isEqualTo("PENDING");

      IMqttToken token = device.connect(SessionsAndQos2Test.v3Options("pendant-away", false));
      token.waitForCompletion(10_000);
      assertThat(token.getSessionPresent()).isTrue();
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("anxin/v1/devices/pendant-away/commands/confirm-alarm");
      await().atMost(Duration.ofSeconds(10)).until(() -> status("pendant-away", created).equals("DELIVERED"));
      device.disconnect().waitForCompletion(10_000);
    } finally {
      device.close();
    }
  }

  @Test
  void givenAnUnreachableDevice_whenItsCommandDeadlinePasses_thenTheCommandTimesOut() throws Exception {
    TestRegistry.elderWithRadar(db, "杨国富", "pendant-off", "secret");

    JsonObject created = post("pendant-off", "{\"name\":\"silence-buzzer\",\"timeoutSeconds\":1}", 202);

    await().atMost(Duration.ofSeconds(10)).until(() -> status("pendant-off", created).equals("TIMED_OUT"));
    assertThat(get("pendant-off", created).getString("detail")).isEqualTo("device not reachable");
  }

  @Test
  void givenADevice_whenItSubscribesToAnotherDevicesCommands_thenTheSubscriptionIsRefusedInBothVersions()
      throws Exception {
    TestRegistry.elderWithRadar(db, "赵玉珍", "pendant-nosy", "secret");
    try (MqttClient v3 = new MqttClient(stack.mqttUri(), "pendant-nosy", new MemoryPersistence())) {
      v3.connect(SessionsAndQos2Test.v3Options("pendant-nosy", true));
      IMqttToken token = v3.subscribeWithResponse("anxin/v1/devices/pendant-cmd/commands/#", 1);
      assertThat(token.getGrantedQos()).containsExactly(0x80);
      IMqttToken own = v3.subscribeWithResponse("anxin/v1/devices/pendant-nosy/commands/#", 1);
      assertThat(own.getGrantedQos()).containsExactly(1);
      v3.disconnect();
    }
    org.eclipse.paho.mqttv5.client.MqttAsyncClient v5 = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
        stack.mqttUri(), "pendant-nosy", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    try {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName("pendant-nosy");
      options.setPassword("secret".getBytes(StandardCharsets.UTF_8));
      v5.connect(options).waitForCompletion(10_000);
      org.eclipse.paho.mqttv5.client.IMqttToken token =
          v5.subscribe(new MqttSubscription("anxin/v1/devices/+/events/#", 1));
      org.eclipse.paho.mqttv5.common.MqttException refused = catchThrowableOfType(
          org.eclipse.paho.mqttv5.common.MqttException.class, () -> token.waitForCompletion(10_000));
      int code = refused != null ? refused.getReasonCode() : token.getReasonCodes()[0];
      assertThat(code).isEqualTo(0x87);
      v5.disconnect().waitForCompletion(10_000);
    } finally {
      if (v5.isConnected()) {
        v5.disconnectForcibly(1_000);
      }
      v5.close(true);
    }
  }

  @Test
  void givenBadCommandRequests_whenPosted_thenTheyAreRefusedWithAProblem() throws Exception {
    TestRegistry.elderWithRadar(db, "钱德明", "pendant-bad", "secret");
    assertThat(post("pendant-bad", "{\"name\":\"Silence Buzzer\"}", 400).getJsonArray("errors").encode())
        .contains("/body/name");
    assertThat(post("pendant-bad", "{\"name\":\"silence-buzzer\",\"timeoutSeconds\":0}", 400)
        .getJsonArray("errors").encode()).contains("/body/timeoutSeconds");
    assertThat(post("pendant-bad", "not json", 400).getInteger("status")).isEqualTo(400);
    assertThat(post("no-such-device", "{\"name\":\"silence-buzzer\"}", 404).getInteger("status")).isEqualTo(404);
  }

  private JsonObject post(String deviceId, String body, int expectedStatus) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/devices/" + deviceId + "/commands"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + stack.admin().token())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return new JsonObject(response.body());
  }

  private JsonObject get(String deviceId, JsonObject command) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        uri("/api/devices/" + deviceId + "/commands/" + command.getString("id")))
        .header("Authorization", "Bearer " + stack.admin().token()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private String status(String deviceId, JsonObject command) throws Exception {
    return get(deviceId, command).getString("status");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + stack.httpPort() + path);
  }
}
