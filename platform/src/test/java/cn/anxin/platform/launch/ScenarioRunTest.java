package cn.anxin.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.sim.DeviceSim;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against the whole platform on a compressed clock: two simulated days of three
 * elders (a day in 30 s) with a fall, a leak, a meal no-show and a cancelled fall, then verify.
 */
class ScenarioRunTest {

  private static final double SPEED = 2880;

  @TempDir
  Path dir;

  @Test
  void givenASimulatedClock_whenAScenarioPlays_thenVerifyFindsEveryExpectedAlert() throws Exception {
    Instant origin = OffsetDateTime.parse("2026-03-01T00:00+08:00").toInstant();
    try (HikariDataSource db = TestDatabases.fresh();
        RunningStack stack = RunningStack.start(db,
            StackOptions.loopback().withClock(SimulatedClock.startingAt(origin, SPEED)))) {
      stack.admin();
      JsonObject clock = new JsonObject(stack.anonymous().get("/health/clock").body());
      assertThat(clock.getDouble("speed")).isEqualTo(SPEED);
      assertThat(clock.getBoolean("simulated")).isTrue();
      assertThat(Instant.parse(clock.getString("now"))).isAfter(origin);

      URL resource = getClass().getResource("/scenarios/end-to-end.json");
      Path scenario = Path.of(resource.toURI());
      Path log = dir.resolve("end-to-end-incidents.json");
      String api = "http://127.0.0.1:" + stack.httpPort();

      Run played = run("scenario", scenario.toString(), "--from-midnight", "--api", api, "--user", "stack-admin",
          "--password", TestAccounts.PASSWORD, "--port", String.valueOf(stack.mqttPort()), "--log", log.toString(),
          "--progress", "5");
      assertThat(played.code).as(played.out + played.err).isZero();
      assertThat(played.out).contains("模拟时间 simulated 2026-03-0", "registered: 1 day-care centres, 1 meal stations, 3 elders",
          "总结 summary", "4/4 incidents injected");

      Run verified = run("verify", "--log", log.toString(), "--user", "stack-admin", "--password",
          TestAccounts.PASSWORD, "--wait", "30");
      System.out.println(played.out.lines().filter(l -> l.startsWith("总结") || l.startsWith("  by kind")
          || l.startsWith("registered")).reduce("", (a, b) -> a + b + "\n") + verified.out);
      assertThat(verified.code).as(verified.out + verified.err).isZero();
      assertThat(verified.out).containsPattern("FALL +1 +0 ")
          .containsPattern("LONG_LIE +1 +0 ")
          .containsPattern("CONTINUOUS_WATER +1 +0 ")
          .containsPattern("MEAL_NO_SHOW +1 +0 ")
          .contains("every expected alert was raised")
          .doesNotContain("said it must not be raised");

      // an expectation nothing can meet: verify says which and fails
      ObjectMapper json = new ObjectMapper();
      ObjectNode tampered = (ObjectNode) json.readTree(log.toFile());
      ObjectNode first = (ObjectNode) tampered.withArray("incidents").get(0);
      first.withArray("expect").addObject().put("rule", "SOS")
          .put("from", first.get("from").asText()).put("to", first.get("to").asText());
      Path tamperedLog = dir.resolve("tampered.json");
      json.writeValue(tamperedLog.toFile(), tampered);
      Run missing = run("verify", "--log", tamperedLog.toString(), "--user", "stack-admin", "--password",
          TestAccounts.PASSWORD, "--wait", "0");
      assertThat(missing.code).as(missing.out + missing.err).isEqualTo(1);
      assertThat(missing.out).containsPattern("SOS +0 +1 ").contains("漏报 MISS SOS for incident 1 (fall");
    }
  }

  private record Run(int code, String out, String err) {
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = DeviceSim.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
