package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import cn.anxin.gateway.mqtt.GatewayOptions;
import cn.anxin.gateway.mqtt.TlsListener;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestPki;
import cn.anxin.platform.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS beside plain TCP, X.509 device certificates, and MQTT over WebSocket. */
class TransportsTest extends OnRunningStack {

  @TempDir
  static Path pem;

  private TestPki serverCa;
  private TestPki deviceCa;

  /** A TLS listener with a server certificate of our test CA, taking device certificates too. */
  @Override
  protected GatewayOptions gatewayOptions() throws Exception {
    serverCa = TestPki.create("Anxin Test Server CA");
    deviceCa = TestPki.create("Anxin Test Device CA");
    TestPki.Issued server = serverCa.server();
    return GatewayOptions.defaults().withTls(new TlsListener(0, server.writeCertPem(pem, "server"),
        server.writeKeyPem(pem, "server"), Optional.of(deviceCa.writeCaPem(pem, "device-ca"))));
  }

  @BeforeAll
  void registerDevices() throws Exception {
    TestRegistry.elderWithRadar(db, "张桂英", "radar-tls", "secret");
    TestRegistry.elderWithRadar(db, "李正华", "radar-cert", "not-used-with-a-certificate");
    TestRegistry.elderWithRadar(db, "王秀兰", "radar-ws", "secret");
  }


  @Test
  void givenTheTlsListener_whenADeviceConnectsWithItsSecret_thenItsFallIsStored() throws Exception {
    MqttConnectOptions options = v3("radar-tls", "secret");
    options.setSocketFactory(serverCa.trustingSocketFactory());

    publishFall("ssl://127.0.0.1:" + stack.stack().gateway().tlsPort(), "radar-tls", options, "tls-1");

    assertStored("radar-tls", "tls-1");
  }

  @Test
  void givenAClientCertificateFromTheDeviceCa_whenTheDeviceConnectsWithoutASecret_thenItIsAccepted()
      throws Exception {
    MqttConnectOptions options = v3(null, null);
    options.setSocketFactory(deviceCa.device("radar-cert").clientSocketFactory(serverCa.certificate()));

    publishFall("ssl://127.0.0.1:" + stack.stack().gateway().tlsPort(), "radar-cert", options, "cert-1");

    assertStored("radar-cert", "cert-1");
  }

  @Test
  void givenACertificateForAnUnregisteredDevice_whenItConnects_thenConnackIsBadUserNameOrPassword()
      throws Exception {
    MqttConnectOptions options = v3(null, null);
    options.setSocketFactory(deviceCa.device("radar-stranger").clientSocketFactory(serverCa.certificate()));

    try (MqttClient client = new MqttClient(tlsUri(), "radar-stranger", new MemoryPersistence())) {
      MqttException refused = catchThrowableOfType(MqttException.class, () -> client.connect(options));
      assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }
  }

  @Test
  void givenACertificateForAnotherDevice_whenTheClientIdDiffers_thenConnackIsBadUserNameOrPassword()
      throws Exception {
    MqttConnectOptions options = v3(null, null);
    options.setSocketFactory(deviceCa.device("radar-cert").clientSocketFactory(serverCa.certificate()));

    try (MqttClient client = new MqttClient(tlsUri(), "radar-tls", new MemoryPersistence())) {
      MqttException refused = catchThrowableOfType(MqttException.class, () -> client.connect(options));
      assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }
  }

  @Test
  void givenACertificateFromAnUnknownCa_whenTheDeviceConnects_thenTheTlsHandshakeFails() throws Exception {
    TestPki rogue = TestPki.create("Rogue CA");
    MqttConnectOptions options = v3(null, null);
    options.setSocketFactory(rogue.device("radar-cert").clientSocketFactory(serverCa.certificate()));

    try (MqttClient client = new MqttClient(tlsUri(), "radar-cert", new MemoryPersistence())) {
      MqttException refused = catchThrowableOfType(MqttException.class, () -> client.connect(options));
      assertThat(refused).isNotNull();
      assertThat(client.isConnected()).isFalse();
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-cert'"
        + " AND msg_id LIKE 'rogue%'")).isZero();
  }

  @Test
  void givenTheWebSocketListener_whenPahoV3AndV5Publish_thenBothFallsAreStored() throws Exception {
    String uri = "ws://127.0.0.1:" + stack.stack().gateway().webSocketPort() + "/mqtt";
    publishFall(uri, "radar-ws", v3("radar-ws", "secret"), "ws-v3");

    org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(
        uri, "radar-ws", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    try {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName("radar-ws");
      options.setPassword("secret".getBytes(StandardCharsets.UTF_8));
      v5.connect(options);
      v5.publish(Payloads.fallTopic("radar-ws"), Payloads.fallBytes("ws-v5"), 1, false);
      v5.disconnect();
    } finally {
      v5.close();
    }

    assertStored("radar-ws", "ws-v3");
    assertStored("radar-ws", "ws-v5");
  }

  private String tlsUri() {
    return "ssl://127.0.0.1:" + stack.stack().gateway().tlsPort();
  }

  private static MqttConnectOptions v3(String user, String secret) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (user != null) {
      options.setUserName(user);
      options.setPassword(secret.toCharArray());
    }
    options.setConnectionTimeout(10);
    return options;
  }

  private static void publishFall(String uri, String deviceId, MqttConnectOptions options, String msgId)
      throws Exception {
    try (MqttClient client = new MqttClient(uri, deviceId, new MemoryPersistence())) {
      client.connect(options);
      MqttMessage message = new MqttMessage(Payloads.fallBytes(msgId));
      message.setQos(1);
      client.publish(Payloads.fallTopic(deviceId), message);
      client.disconnect();
    }
  }

  private void assertStored(String deviceId, String msgId) {
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = ? AND msg_id = ?", deviceId, msgId) == 1);
  }

}
