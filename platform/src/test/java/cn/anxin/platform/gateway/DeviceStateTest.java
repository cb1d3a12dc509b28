package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** Online and offline from connect, DISCONNECT, lost connections, keep-alive expiry; Last Will. */
class DeviceStateTest extends OnRunningStack {




  @Test
  void givenADevice_whenItConnectsAndDisconnects_thenItIsOnlineThenOfflineWithEventsInTheJournal() throws Exception {
    TestRegistry.elderWithRadar(db, "张桂英", "radar-state", "secret");

    try (MqttClient client = new MqttClient(stack.mqttUri(), "radar-state", new MemoryPersistence())) {
      client.connect(SessionsAndQos2Test.v3Options("radar-state", true));
      await().atMost(Duration.ofSeconds(10)).until(() -> online("radar-state"));
      client.disconnect();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> "disconnected".equals(offlineReason("radar-state")));
    assertThat(online("radar-state")).isFalse();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-state'"
        + " AND kind = 'CONNECTIVITY' AND payload->>'state' = 'online' AND payload->>'transport' = 'tcp'"
        + " AND payload->>'protocol' = '3.1.1'")).isEqualTo(1);
  }

  @Test
  void givenADeviceWithALastWill_whenItsConnectionDropsWithoutDisconnect_thenTheWillIsIngestedAndItIsOffline()
      throws Exception {
    TestRegistry.elderWithRadar(db, "李正华", "radar-will", "secret");
    MqttAsyncClient client = new MqttAsyncClient(stack.mqttUri(), "radar-will", new MemoryPersistence());
    MqttConnectOptions options = SessionsAndQos2Test.v3Options("radar-will", true);
    options.setWill("anxin/v1/devices/radar-will/events/heartbeat",
        ("{\"msgId\":\"will-1\",\"ts\":\"" + Payloads.now() + "\",\"battery\":3}").getBytes(StandardCharsets.UTF_8),
        1, false);
    client.connect(options).waitForCompletion(10_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> online("radar-will"));

    client.disconnectForcibly(0, 1_000, false);
    client.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> "connection-lost".equals(offlineReason("radar-will")));
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = 'radar-will' AND msg_id = 'will-1'")).isEqualTo(1);
  }

  @Test
  void givenACleanDisconnect_whenTheDeviceHadAWill_thenTheWillIsNotIngested() throws Exception {
    TestRegistry.elderWithRadar(db, "王秀兰", "radar-nowill", "secret");
    try (MqttClient client = new MqttClient(stack.mqttUri(), "radar-nowill", new MemoryPersistence())) {
      MqttConnectOptions options = SessionsAndQos2Test.v3Options("radar-nowill", true);
      options.setWill("anxin/v1/devices/radar-nowill/events/heartbeat",
          ("{\"msgId\":\"will-2\",\"ts\":\"" + Payloads.now() + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
      client.connect(options);
      client.disconnect();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> "disconnected".equals(offlineReason("radar-nowill")));
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = 'radar-nowill' AND msg_id = 'will-2'")).isZero();
  }

  @Test
  void givenADeviceThatFallsSilent_whenItsKeepAliveExpires_thenTheGatewayClosesItAndRecordsWhy() throws Exception {
    TestRegistry.elderWithRadar(db, "杨国富", "radar-quiet", "secret");
    try (Socket socket = new Socket("127.0.0.1", stack.mqttPort())) {
      socket.getOutputStream().write(connect311("radar-quiet", "secret", 1));
      InputStream in = socket.getInputStream();
      byte[] connack = in.readNBytes(4);
      assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
      socket.setSoTimeout(10_000);
      assertThat(in.read()).as("the gateway closes a silent connection").isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> "keep-alive-expired".equals(offlineReason("radar-quiet")));
  }

  @Test
  void givenAConnectedDevice_whenItConnectsAgainElsewhere_thenItStaysOnlineAndNoOfflineIsRecorded() throws Exception {
    TestRegistry.elderWithRadar(db, "赵玉珍", "radar-twice", "secret");
    try (MqttClient first = new MqttClient(stack.mqttUri(), "radar-twice", new MemoryPersistence());
        MqttClient second = new MqttClient(stack.mqttUri(), "radar-twice", new MemoryPersistence())) {
      first.connect(SessionsAndQos2Test.v3Options("radar-twice", true));
      second.connect(SessionsAndQos2Test.v3Options("radar-twice", true));
      await().atMost(Duration.ofSeconds(10)).until(() -> !first.isConnected());
      MqttMessage fall = new MqttMessage(Payloads.fallBytes("after-takeover"));
      fall.setQos(1);
      second.publish(Payloads.fallTopic("radar-twice"), fall);
      await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
          "SELECT count(*) FROM device_event WHERE device_id = 'radar-twice' AND processed_at IS NULL") == 0);
      assertThat(online("radar-twice")).isTrue();
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-twice'"
          + " AND kind = 'CONNECTIVITY' AND payload->>'state' = 'offline'")).isZero();
      second.disconnect();
    }
  }

  private boolean online(String deviceId) throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM device WHERE id = ? AND online", deviceId) == 1;
  }

  private String offlineReason(String deviceId) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT offline_reason FROM device WHERE id = ? AND NOT online")) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  /** An MQTT 3.1.1 CONNECT with user name and password, written byte by byte. */
  private static byte[] connect311(String clientId, String secret, int keepAliveSeconds) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(4);
    body.write(0xC2);
    body.write(keepAliveSeconds >> 8);
    body.write(keepAliveSeconds & 0xFF);
    writeString(body, clientId);
    writeString(body, clientId);
    writeString(body, secret);
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    packet.write(body.size());
    packet.writeBytes(body.toByteArray());
    return packet.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xFF);
    out.writeBytes(bytes);
  }
}
