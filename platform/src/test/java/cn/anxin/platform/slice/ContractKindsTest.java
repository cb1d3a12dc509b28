package cn.anxin.platform.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.EventTopic;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Every kind of contract v1 over real MQTT into the journal: the documented example of each kind
 * (the gateway's test resources, as in docs/mqtt-contract.md) with a fresh msgId and the current time.
 */
class ContractKindsTest extends OnRunningStack {

  private static final java.util.List<EventKind> DEVICE_KINDS =
      java.util.Arrays.stream(EventKind.values()).filter(EventKind::devicePublishable).toList();
  private static final Path EXAMPLES = Path.of("../gateway/src/test/resources/contract/examples");
  private static final ZoneOffset CST = ZoneOffset.ofHours(8);




  @Test
  void givenARegisteredDevice_whenItPublishesEveryKindTwiceAtQos1_thenEachIsStoredOnceWithItsKindAndProcessed()
      throws Exception {
    TestRegistry.elderWithRadar(db, "陈淑珍", "kinds-1", "s3cret-kinds");
    OffsetDateTime now = OffsetDateTime.now(CST).truncatedTo(ChronoUnit.SECONDS);

    try (MqttClient device = stack.connectV3("kinds-1", "s3cret-kinds")) {
      for (EventKind kind : DEVICE_KINDS) {
        byte[] payload = example(kind, "k-" + kind.topicSegment(), now);
        device.publish(EventTopic.of("kinds-1", kind), Payloads.qos1(payload));
        device.publish(EventTopic.of("kinds-1", kind), Payloads.qos1(payload));
      }
      device.disconnect();
    }

    for (EventKind kind : DEVICE_KINDS) {
      assertThat(TestRegistry.count(db,
          "SELECT count(*) FROM device_event WHERE device_id = 'kinds-1' AND msg_id = ? AND kind = ?"
              + " AND time_flag = 'OK' AND device_time = event_time",
          "k-" + kind.topicSegment(), kind.name()))
          .as("%s stored once, on time", kind).isEqualTo(1);
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'kinds-1' AND kind <> 'CONNECTIVITY'"))
        .isEqualTo(DEVICE_KINDS.size());
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = 'kinds-1' AND processed_at IS NULL") == 0);
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = 'kinds-1' AND process_error IS NOT NULL"))
        .as("the platform reads every kind back").isZero();
  }

  @Test
  void givenADeviceClockAnHourAhead_whenItPublishesAFall_thenItIsStoredFlaggedWithEventTimeBoundedToReceipt()
      throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "周玉梅", "kinds-ahead", "s3cret-ahead");
    OffsetDateTime deviceTime = OffsetDateTime.now(CST).plusHours(1).truncatedTo(ChronoUnit.SECONDS);

    try (MqttClient device = stack.connectV3("kinds-ahead", "s3cret-ahead")) {
      device.publish(EventTopic.of("kinds-ahead", EventKind.FALL), Payloads.qos1(example(EventKind.FALL, "ahead-1", deviceTime)));
      device.disconnect();
    }

    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT time_flag, event_time, received_at, device_time, clock_skew_ms FROM device_event"
                + " WHERE device_id = 'kinds-ahead' AND msg_id = 'ahead-1'");
        ResultSet r = s.executeQuery()) {
      assertThat(r.next()).as("the event is stored").isTrue();
      assertThat(r.getString("time_flag")).isEqualTo("CLOCK_AHEAD");
      Instant received = r.getTimestamp("received_at").toInstant();
      assertThat(r.getTimestamp("event_time").toInstant()).isEqualTo(received);
      assertThat(r.getTimestamp("device_time").toInstant()).isEqualTo(deviceTime.toInstant());
      assertThat(r.getLong("clock_skew_ms")).isBetween(
          Duration.ofMinutes(55).toMillis(), Duration.ofMinutes(61).toMillis());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM alert a JOIN device_event e ON e.id = a.cause_event_id"
            + " WHERE a.elder_id = ? AND a.event_time = e.event_time", elderId) == 1);
  }

  @Test
  void givenAnEventEightDaysOld_whenPublished_thenItIsNotStoredAndQuarantinedNamingTheBound() throws Exception {
    TestRegistry.elderWithRadar(db, "吴建国", "kinds-old", "s3cret-old");
    OffsetDateTime deviceTime = OffsetDateTime.now(CST).minusDays(8).truncatedTo(ChronoUnit.SECONDS);

    try (MqttClient device = stack.connectV3("kinds-old", "s3cret-old")) {
      device.publish(EventTopic.of("kinds-old", EventKind.WATER_READING),
          Payloads.qos1(example(EventKind.WATER_READING, "old-1", deviceTime)));
      device.disconnect();
    }

    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'kinds-old' AND kind <> 'CONNECTIVITY'")).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM rejected_message WHERE device_id = 'kinds-old'"
            + " AND reason LIKE 'PAYLOAD_INVALID: /ts: %older than maxAge (7 days)'") == 1);
  }

  /** The kind's documented example, with its own msgId and the given device time. */
  private static byte[] example(EventKind kind, String msgId, OffsetDateTime ts) throws Exception {
    JsonObject json = new JsonObject(
        Files.readString(EXAMPLES.resolve(kind.topicSegment() + ".json"), StandardCharsets.UTF_8));
    json.put("msgId", msgId).put("ts", ts.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }


}
