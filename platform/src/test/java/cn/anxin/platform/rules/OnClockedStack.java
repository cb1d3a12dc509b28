package cn.anxin.platform.rules;

import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.MutableClock;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole stack over a fresh database, on a clock the test moves: devices publish over real MQTT
 * with event times from that clock; timers fire when the test moves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OnClockedStack {

  protected HikariDataSource db;
  protected RunningStack stack;
  protected final MutableClock clock = new MutableClock();

  @BeforeAll
  final void startClockedStack() throws Exception {
    db = TestDatabases.fresh();
    stack = RunningStack.start(db, clock);
  }

  @AfterAll
  final void stopClockedStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** An event payload: msgId, ts (China Standard Time, seconds) and the kind's fields. */
  static JsonObject event(String msgId, Instant ts) {
    return new JsonObject().put("msgId", msgId)
        .put("ts", ts.atOffset(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
  }

  /** Publishes events of one device over MQTT 3.1.1 at QoS 1, then waits until all are processed. */
  protected void publish(String deviceId, String topicSegment, JsonObject... payloads) throws Exception {
    long before = stored(deviceId);
    try (MqttClient device = stack.connectV3(deviceId, RuleFixtures.SECRET)) {
      for (JsonObject payload : payloads) {
        device.publish("anxin/v1/devices/" + deviceId + "/events/" + topicSegment,
            Payloads.qos1(payload.encode().getBytes(StandardCharsets.UTF_8)));
      }
      device.disconnect();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> stored(deviceId) >= before + payloads.length
        && TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = ? AND processed_at IS NULL",
            deviceId) == 0);
  }

  /** Moves the clock and fires what is due, waiting until nothing due is left pending. */
  protected void advance(Duration by) throws Exception {
    Instant now = clock.advance(by);
    stack.stack().ruleTimers().fireDue();
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM rule_timer WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ?",
        java.sql.Timestamp.from(now)) == 0);
  }

  /** How many alerts of this rule the elder has (open or not). */
  protected long alerts(long elderId, String rule) throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = ?", elderId, rule);
  }

  protected String severity(long elderId, String rule) throws Exception {
    try (var c = db.getConnection();
        var s = c.prepareStatement("SELECT severity FROM alert WHERE elder_id = ? AND rule = ? ORDER BY id DESC LIMIT 1")) {
      s.setLong(1, elderId);
      s.setString(2, rule);
      try (var r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  protected long eventCount(long elderId, String rule) throws Exception {
    return TestRegistry.count(db,
        "SELECT coalesce(max(event_count), 0) FROM alert WHERE elder_id = ? AND rule = ?", elderId, rule);
  }

  /** Today where the elders live, on the test's clock. */
  protected LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), RuleEngine.CARE_ZONE);
  }

  private long stored(String deviceId) throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = ? AND kind <> 'CONNECTIVITY'",
        deviceId);
  }
}
