package cn.anxin.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Gateway and platform started alone, as two processes over one PostgreSQL: two Vert.x instances
 * share nothing but the database, so the platform learns of the gateway's events by polling.
 */
class SplitProcessesTest {

  @Test
  void givenAGatewayAloneAndAPlatformAlone_whenADeviceReportsAFall_thenThePlatformRaisesTheAlert()
      throws Exception {
    try (HikariDataSource db = TestDatabases.fresh()) {
      long elder = TestRegistry.elderWithRadar(db, "张桂英", "radar-split", "secret");
      Vertx gatewayVertx = Vertx.vertx();
      Vertx platformVertx = Vertx.vertx();
      Stack gateway = start(gatewayVertx, db, StackOptions.loopback().only(true, false));
      Stack platform = start(platformVertx, db, StackOptions.loopback().only(false, true));
      try {
        assertThat(gateway.mqttPort()).isPositive();
        assertThat(platform.mqttPort()).as("the platform alone runs no MQTT listener").isEqualTo(-1);

        try (MqttClient device = new MqttClient("tcp://127.0.0.1:" + gateway.mqttPort(), "radar-split",
            new MemoryPersistence())) {
          MqttConnectOptions options = new MqttConnectOptions();
          options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
          options.setUserName("radar-split");
          options.setPassword("secret".toCharArray());
          device.connect(options);
          device.publish(Payloads.fallTopic("radar-split"), Payloads.qos1(Payloads.fallBytes("split-1")));
          device.disconnect();
        }

        await().atMost(Duration.ofSeconds(15)).until(() ->
            TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND is_open", elder) == 1);
      } finally {
        gateway.close();
        platform.close();
        gatewayVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        platformVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Stack start(Vertx vertx, HikariDataSource db, StackOptions options) throws Exception {
    return Stack.start(vertx, db, options).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
