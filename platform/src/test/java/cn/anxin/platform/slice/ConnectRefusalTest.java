package cn.anxin.platform.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CONNECT is refused with the code each protocol version has for the reason. */
class ConnectRefusalTest extends OnRunningStack {

  private static final int V5_BAD_USERNAME_OR_PASSWORD = 0x86;
  private static final int V5_NOT_AUTHORIZED = 0x87;


  @BeforeAll
  void registerDevices() throws Exception {
    TestRegistry.elderWithRadar(db, "张桂英", "radar-known", "right-secret");
    TestRegistry.elderWithRadar(db, "李正华", "radar-off", "right-secret");
    TestRegistry.disable(db, "radar-off");
  }


  @Test
  void givenMqtt311_whenSecretIsWrong_thenConnackIsBadUserNameOrPassword() throws Exception {
    assertThat(refusalV3("radar-known", "wrong-secret"))
        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
  }

  @Test
  void givenMqtt311_whenDeviceIsUnknown_thenConnackIsBadUserNameOrPassword() throws Exception {
    assertThat(refusalV3("radar-nobody", "any-secret"))
        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
  }

  @Test
  void givenMqtt311_whenDeviceIsDisabled_thenConnackIsNotAuthorized() throws Exception {
    assertThat(refusalV3("radar-off", "right-secret")).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void givenMqtt5_whenSecretIsWrong_thenConnackIsBadUserNameOrPassword() throws Exception {
    assertThat(refusalV5("radar-known", "wrong-secret")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
  }

  @Test
  void givenMqtt5_whenDeviceIsUnknown_thenConnackIsBadUserNameOrPassword() throws Exception {
    assertThat(refusalV5("radar-nobody", "any-secret")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
  }

  @Test
  void givenMqtt5_whenDeviceIsDisabled_thenConnackIsNotAuthorized() throws Exception {
    assertThat(refusalV5("radar-off", "right-secret")).isEqualTo(V5_NOT_AUTHORIZED);
  }

  @Test
  void givenRightSecret_whenClientIdIsNotTheDeviceId_thenConnackIsBadUserNameOrPassword() throws Exception {
    try (MqttClient client = new MqttClient(stack.mqttUri(), "someone-else", new MemoryPersistence())) {
      MqttException refused = catchThrowableOfType(MqttException.class,
          () -> client.connect(optionsV3("radar-known", "right-secret")));
      assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }
  }

  @Test
  void givenRightSecret_whenConnecting_thenBothVersionsAreAccepted() throws Exception {
    try (MqttClient v3 = new MqttClient(stack.mqttUri(), "radar-known", new MemoryPersistence())) {
      v3.connect(optionsV3("radar-known", "right-secret"));
      assertThat(v3.isConnected()).isTrue();
      v3.disconnect();
    }
    org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(
        stack.mqttUri(), "radar-known", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    try {
      v5.connect(optionsV5("radar-known", "right-secret"));
      assertThat(v5.isConnected()).isTrue();
      v5.disconnect();
    } finally {
      v5.close();
    }
    assertThat(stack.stack().gateway().counters().snapshot().get("connectionsAccepted")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void givenAConnectedDevice_whenTheSameDeviceConnectsAgain_thenTheEarlierConnectionIsClosed() throws Exception {
    try (MqttClient first = new MqttClient(stack.mqttUri(), "radar-known", new MemoryPersistence());
        MqttClient second = new MqttClient(stack.mqttUri(), "radar-known", new MemoryPersistence())) {
      first.connect(optionsV3("radar-known", "right-secret"));
      assertThat(first.isConnected()).isTrue();

      second.connect(optionsV3("radar-known", "right-secret"));

      await().atMost(Duration.ofSeconds(10)).until(() -> !first.isConnected());
      assertThat(second.isConnected()).isTrue();
      second.disconnect();
    }
  }

  private int refusalV3(String deviceId, String secret) throws Exception {
    try (MqttClient client = new MqttClient(stack.mqttUri(), deviceId, new MemoryPersistence())) {
      MqttException refused = catchThrowableOfType(MqttException.class,
          () -> client.connect(optionsV3(deviceId, secret)));
      assertThat(refused).as("CONNECT of %s must be refused", deviceId).isNotNull();
      assertThat(client.isConnected()).isFalse();
      return refused.getReasonCode();
    }
  }

  private int refusalV5(String deviceId, String secret) throws Exception {
    org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(
        stack.mqttUri(), deviceId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    try {
      org.eclipse.paho.mqttv5.common.MqttException refused = catchThrowableOfType(
          org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> client.connect(optionsV5(deviceId, secret)));
      assertThat(refused).as("CONNECT of %s must be refused", deviceId).isNotNull();
      return refused.getReasonCode();
    } finally {
      client.close();
    }
  }

  private static MqttConnectOptions optionsV3(String user, String secret) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(user);
    options.setPassword(secret.toCharArray());
    options.setConnectionTimeout(10);
    return options;
  }

  private static MqttConnectionOptions optionsV5(String user, String secret) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(user);
    options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    options.setConnectionTimeout(10);
    return options;
  }
}
