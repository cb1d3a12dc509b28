package cn.anxin.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.launch.Stack;
import cn.anxin.platform.launch.StackOptions;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no database configured, the embedded PostgreSQL keeps its data across restarts. */
class EmbeddedRestartTest {

  @TempDir
  Path dataDir;

  @Test
  void givenAnAlertRaisedOnTheEmbeddedDatabase_whenTheStackRestarts_thenTheAlertAndRegistryAreStillThere()
      throws Exception {
    long alertId;
    // GIVEN a stack on the embedded database with a device that reports a fall
    try (Database database = Database.open(DatabaseOptions.embeddedAt(dataDir))) {
      assertThat(setting(database, "fsync")).as("a PUBACK means the commit reached the disk").isEqualTo("on");
      assertThat(setting(database, "synchronous_commit")).isEqualTo("on");
      TestRegistry.elderWithRadar(database.dataSource(), "张桂英", "radar-persist", "secret");
      TestAccounts.create(database.dataSource(), "restart.admin", Role.ADMIN);
      Vertx vertx = Vertx.vertx();
      Stack stack = start(vertx, database);
      publishFall(stack.mqttPort(), "before-restart");
      JsonArray alerts = await().atMost(Duration.ofSeconds(10))
          .until(() -> openAlerts(stack.httpPort()), a -> a.size() == 1);
      alertId = alerts.getJsonObject(0).getLong("id");
      stack.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();

    // WHEN everything starts again on the same data directory
    try (Database database = Database.open(DatabaseOptions.embeddedAt(dataDir))) {
      Vertx vertx = Vertx.vertx();
      Stack stack = start(vertx, database);
      try {
        // THEN the alert is still open, and the registered device can still connect and report
        JsonArray alerts = openAlerts(stack.httpPort());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.getJsonObject(0).getLong("id")).isEqualTo(alertId);
        assertThat(alerts.getJsonObject(0).getJsonObject("elder").getString("name")).isEqualTo("张桂英");
        publishFall(stack.mqttPort(), "after-restart");
        await().atMost(Duration.ofSeconds(10)).until(() ->
            openAlerts(stack.httpPort()).getJsonObject(0).getInteger("eventCount") == 2);
      } finally {
        stack.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String setting(Database database, String name) throws Exception {
    try (var c = database.dataSource().getConnection();
        var s = c.prepareStatement("SELECT current_setting(?)")) {
      s.setString(1, name);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private static Stack start(Vertx vertx, Database database) throws Exception {
    return Stack.start(vertx, database.dataSource(), StackOptions.loopback())
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void publishFall(int port, String msgId) throws Exception {
    try (MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "radar-persist", new MemoryPersistence())) {
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setUserName("radar-persist");
      options.setPassword("secret".toCharArray());
      client.connect(options);
      MqttMessage message = new MqttMessage(Payloads.fallBytes(msgId));
      message.setQos(1);
      client.publish(Payloads.fallTopic("radar-persist"), message);
      client.disconnect();
    }
  }

  /** Signs in (the account is in the database, so it survives the restart too) and lists open alerts. */
  private static JsonArray openAlerts(int httpPort) throws Exception {
    var answer = ApiClient.anonymousOn(httpPort).signIn("restart.admin").get("/api/alerts");
    assertThat(answer.status()).isEqualTo(200);
    return answer.array();
  }
}
