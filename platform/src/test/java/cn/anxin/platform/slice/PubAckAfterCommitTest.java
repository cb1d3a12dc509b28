package cn.anxin.platform.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** Guarantee 1: the PUBACK leaves only after the event is committed to PostgreSQL. */
class PubAckAfterCommitTest extends OnRunningStack {




  @Test
  void givenTheJournalTableIsLocked_whenAFallIsPublished_thenNoPubackUntilTheInsertCommits() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "张桂英", "radar-slow", "secret");
    MqttAsyncClient client = new MqttAsyncClient(stack.mqttUri(), "radar-slow", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName("radar-slow");
    options.setPassword("secret".toCharArray());
    client.connect(options).waitForCompletion(10_000);

    IMqttDeliveryToken token;
    // GIVEN another session holds the journal table, so the gateway's insert waits (a slow database)
    try (Connection blocker = db.getConnection(); Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE device_event IN EXCLUSIVE MODE");

      // WHEN the device publishes a fall at QoS 1
      MqttMessage message = new MqttMessage(Payloads.fallBytes("held-1"));
      message.setQos(1);
      token = client.publish(Payloads.fallTopic("radar-slow"), message);

      // THEN no PUBACK arrives while the insert cannot commit
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> !token.isComplete());
      blocker.rollback();
    }

    // and once the database lets it through, the PUBACK follows the commit
    token.waitForCompletion(10_000);
    assertThat(token.isComplete()).isTrue();
    assertThat(token.getException()).isNull();
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = 'radar-slow' AND msg_id = 'held-1'")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND is_open", elderId) == 1);
    client.disconnect().waitForCompletion(5_000);
    client.close();
  }
}
