package cn.anxin.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.privacy.PiiKeys;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import cn.anxin.sim.DemoScenario;
import cn.anxin.sim.DemoSettings;
import cn.anxin.sim.DeviceCredential;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the README's run command does: the demo registry, the simulated devices, a fall on the board. */
class DemoRunTest {

  @Test
  void givenTheDemoRegistry_whenTheDemoScenarioPlays_thenTheFallOfTheFirstDemoElderIsOnTheBoard() throws Exception {
    try (HikariDataSource db = TestDatabases.fresh()) {
      DemoRegistry.seed(db, new SecretHasher(), PiiKeys.ephemeral());
      DemoRegistry.seed(db, new SecretHasher(), PiiKeys.ephemeral());
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM device")).isEqualTo(DemoRegistry.DEVICES.size());
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM elder")).isEqualTo(DemoRegistry.ELDER_CODES.size());

      try (RunningStack stack = RunningStack.start(db)) {
        var devices = DemoRegistry.DEVICES.stream()
            .map(d -> new DeviceCredential(d.id(), d.secret())).toList();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoScenario.Outcome outcome;
        try (DemoScenario scenario = new DemoScenario(
            DemoSettings.of("127.0.0.1", stack.mqttPort(), devices)
                .withFallAfter(Duration.ofMillis(200))
                .withHeartbeatInterval(Duration.ofMillis(500))
                .withDuration(Duration.ofSeconds(1)),
            new PrintStream(log, true, StandardCharsets.UTF_8))) {
          outcome = scenario.run();
        }
        assertThat(outcome.failed()).as(log.toString(StandardCharsets.UTF_8)).isZero();

        JsonArray alerts = await().atMost(Duration.ofSeconds(10))
            .until(stack::openAlerts, a -> a.size() == 1);
        JsonObject alert = alerts.getJsonObject(0);
        assertThat(alert.getJsonObject("elder").getString("name")).isEqualTo("张桂英");
        assertThat(alert.getString("site")).isEqualTo("鹿城镇日间照料中心");
        assertThat(alert.getString("deviceId")).isEqualTo("radar-001");
        assertThat(alert.getString("severity")).isEqualTo("P1");
        assertThat(TestRegistry.count(db, "SELECT count(*) FROM device WHERE last_seen_at IS NOT NULL"))
            .as("every demo device was heard from").isEqualTo(DemoRegistry.DEVICES.size());
      }
    }
  }
}
