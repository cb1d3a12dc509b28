package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import cn.anxin.gateway.mqtt.GatewayLimits;
import cn.anxin.gateway.mqtt.GatewayOptions;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;

/** Bounded connections in total and per site; a fast sender is slowed down, never dropped. */
class LimitsTest {

  @Test
  void givenASiteAtItsConnectionLimit_whenAnotherDeviceOfThatSiteConnects_thenItIsRefusedUntilOneLeaves()
      throws Exception {
    try (HikariDataSource db = TestDatabases.fresh();
        RunningStack stack = RunningStack.start(db, withLimits(new GatewayLimits(100, 1, 64, 100, 100)))) {
      TestRegistry.elderWithRadar(db, "张桂英", "radar-site-a", "secret");
      TestRegistry.radarBeside(db, "radar-site-a", "radar-site-b", "secret");

      try (MqttClient first = connectV3(stack, "radar-site-a")) {
        MqttException refusedV3 = catchThrowableOfType(MqttException.class, () -> connectV3(stack, "radar-site-b"));
        assertThat(refusedV3.getReasonCode()).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE);
        assertThat(refusalV5(stack, "radar-site-b")).isEqualTo(0x97);
        first.disconnect();
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> stack.stack().gateway().connections() == 0);
      try (MqttClient second = connectV3(stack, "radar-site-b")) {
        assertThat(second.isConnected()).isTrue();
        second.disconnect();
      }
    }
  }

  @Test
  void givenTheGatewayAtItsConnectionLimit_whenAnyOtherDeviceConnects_thenItIsToldTheServerIsBusy()
      throws Exception {
    try (HikariDataSource db = TestDatabases.fresh();
        RunningStack stack = RunningStack.start(db, withLimits(new GatewayLimits(1, 10, 64, 100, 100)))) {
      TestRegistry.elderWithRadar(db, "张桂英", "radar-one", "secret");
      TestRegistry.elderWithRadar(db, "李正华", "radar-two", "secret");

      try (MqttClient first = connectV3(stack, "radar-one")) {
        assertThat(refusalV5(stack, "radar-two")).isEqualTo(0x89);
        MqttException refusedV3 = catchThrowableOfType(MqttException.class, () -> connectV3(stack, "radar-two"));
        assertThat(refusedV3.getReasonCode()).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE);
        assertThat(stack.stack().gateway().connections()).isEqualTo(1);
        first.disconnect();
      }
    }
  }

  @Test
  void givenADeviceOverItsPublishRate_whenItKeepsSending_thenItIsSlowedDownAndNothingIsLost() throws Exception {
    try (HikariDataSource db = TestDatabases.fresh();
        RunningStack stack = RunningStack.start(db, withLimits(new GatewayLimits(100, 100, 64, 5, 2)))) {
      TestRegistry.elderWithRadar(db, "王秀兰", "radar-chatty", "secret");

      List<IMqttDeliveryToken> tokens = publishMany(stack, "radar-chatty", 12);

      for (IMqttDeliveryToken token : tokens) {
        token.waitForCompletion(20_000);
        assertThat(token.getException()).isNull();
      }
      assertThat(stack.stack().gateway().counters().snapshot().get("rateDelayed")).isPositive();
      assertThat(stack.stack().gateway().counters().snapshot().get("refusedMessages")).isZero();
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-chatty' AND kind <> 'CONNECTIVITY'"))
          .isEqualTo(12);
    }
  }

  @Test
  void givenStorageStalls_whenADeviceHasTooManyMessagesWaiting_thenItsSocketIsNotReadUntilTheBacklogClears()
      throws Exception {
    try (HikariDataSource db = TestDatabases.fresh();
        RunningStack stack = RunningStack.start(db, withLimits(new GatewayLimits(100, 100, 2, 1000, 1000)))) {
      TestRegistry.elderWithRadar(db, "杨国富", "radar-flood", "secret");
      List<IMqttDeliveryToken> tokens;
      try (Connection blocker = db.getConnection(); Statement s = blocker.createStatement()) {
        blocker.setAutoCommit(false);
        s.execute("LOCK TABLE device_event IN EXCLUSIVE MODE");

        tokens = publishMany(stack, "radar-flood", 10);

        await().atMost(Duration.ofSeconds(10)).until(() -> stack.stack().gateway().readsPaused("radar-flood"));
        assertThat(stack.stack().gateway().canPauseReads("radar-flood")).isTrue();
        assertThat(tokens).noneMatch(IMqttDeliveryToken::isComplete);
        blocker.rollback();
      }

      for (IMqttDeliveryToken token : tokens) {
        token.waitForCompletion(20_000);
        assertThat(token.getException()).isNull();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !stack.stack().gateway().readsPaused("radar-flood"));
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-flood' AND kind <> 'CONNECTIVITY'"))
          .isEqualTo(10);
    }
  }

  private static GatewayOptions withLimits(GatewayLimits limits) {
    return GatewayOptions.defaults().withLimits(limits);
  }

  private static MqttClient connectV3(RunningStack stack, String deviceId) throws MqttException {
    MqttClient client = new MqttClient(stack.mqttUri(), deviceId, new MemoryPersistence());
    try {
      client.connect(v3(deviceId));
      return client;
    } catch (MqttException e) {
      client.close();
      throw e;
    }
  }

  private static MqttConnectOptions v3(String deviceId) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(deviceId);
    options.setPassword("secret".toCharArray());
    options.setMaxInflight(50);
    return options;
  }

  private static int refusalV5(RunningStack stack, String deviceId) throws Exception {
    org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(
        stack.mqttUri(), deviceId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    try {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName(deviceId);
      options.setPassword("secret".getBytes(StandardCharsets.UTF_8));
      return catchThrowableOfType(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> client.connect(options)).getReasonCode();
    } finally {
      client.close();
    }
  }

  private static List<IMqttDeliveryToken> publishMany(RunningStack stack, String deviceId, int count)
      throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(stack.mqttUri(), deviceId, new MemoryPersistence());
    client.connect(v3(deviceId)).waitForCompletion(10_000);
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      MqttMessage message = new MqttMessage(Payloads.fallBytes(deviceId + "-" + i));
      message.setQos(1);
      tokens.add(client.publish(Payloads.fallTopic(deviceId), message));
    }
    return tokens;
  }
}
