package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/** The water rules' timers are durable: a dry window armed before a restart is judged after it, once. */
class MeterTimersRestartTest {

  @Test
  void givenADryTimerArmedByAWaterReading_whenThePlatformRestartsMidWindow_thenWater12hIsRaisedOnceAfterTheRestart()
      throws Exception {
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.HOURS), java.time.ZoneOffset.UTC);
    try (HikariDataSource db = TestDatabases.fresh()) {
      long elder = RuleFixtures.elderWith(db, "restart-wm", "WATER_METER", "kitchen");
      Instant readingEnd = clock.instant();
      try (RunningStack first = RunningStack.start(db, clock)) {
        try (MqttClient meter = first.connectV3("restart-wm", RuleFixtures.SECRET)) {
          JsonObject reading = OnClockedStack.event("restart-wm-1", readingEnd)
              .put("intervalMinutes", 30).put("volumeL", 12.0).put("registerL", 512.0);
          meter.publish("anxin/v1/devices/restart-wm/events/water",
              Payloads.qos1(reading.encode().getBytes(StandardCharsets.UTF_8)));
          meter.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
            "SELECT count(*) FROM rule_timer WHERE elder_id = ? AND rule = 'WATER_12H' AND fired_at IS NULL", elder) == 1);
        clock.advance(Duration.ofHours(6));
        first.stack().ruleTimers().fireDue();
      }
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'WATER_12H'", elder))
          .as("half way through the window").isZero();

      try (RunningStack second = RunningStack.start(db, clock)) {
        clock.advance(Duration.ofHours(7));
        try (MqttClient meter = second.connectV3("restart-wm", RuleFixtures.SECRET)) {
          JsonObject nothing = OnClockedStack.event("restart-wm-2", clock.instant())
              .put("intervalMinutes", 30).put("volumeL", 0.0).put("registerL", 512.0);
          meter.publish("anxin/v1/devices/restart-wm/events/water",
              Payloads.qos1(nothing.encode().getBytes(StandardCharsets.UTF_8)));
          meter.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
            "SELECT count(*) FROM meter_usage WHERE elder_id = ?", elder) == 2);
        second.stack().ruleTimers().fireDue();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
            "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'WATER_12H'", elder) == 1);
        int firedAgain = second.stack().ruleTimers().fireDue();

        assertThat(firedAgain).isZero();
        assertThat(TestRegistry.count(db, "SELECT event_count FROM alert WHERE elder_id = ? AND rule = 'WATER_12H'",
            elder)).isEqualTo(1);
        assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'WATER_12H'"
            + " AND event_time = ?", elder, java.sql.Timestamp.from(readingEnd.plus(Duration.ofHours(12)))))
            .as("dry from the end of the half hour of the last use plus 12 h").isEqualTo(1);
      }
    }
  }
}
