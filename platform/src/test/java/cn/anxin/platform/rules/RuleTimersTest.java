package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.rules.timers.RuleTimers;
import cn.anxin.platform.rules.timers.TimerRequest;
import cn.anxin.platform.rules.timers.TimerStore;
import cn.anxin.platform.testing.MutableClock;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/** The rules' timers are durable: they survive a restart and fire once, however many fire them. */
class RuleTimersTest {

  @Test
  void givenAnArmedTimer_whenTheStackStopsAndANewOneStartsOverTheSameDatabase_thenTheTimerFiresExactlyOnce()
      throws Exception {
    MutableClock clock = new MutableClock();
    try (HikariDataSource db = TestDatabases.fresh()) {
      long elder = RuleFixtures.elderWith(db, "restart-w", "WEARABLE", null);
      try (RunningStack first = RunningStack.start(db, clock)) {
        try (MqttClient device = first.connectV3("restart-w", RuleFixtures.SECRET)) {
          JsonObject fall = OnClockedStack.event("restart-fall", clock.instant());
          device.publish("anxin/v1/devices/restart-w/events/fall",
              Payloads.qos1(fall.encode().getBytes(StandardCharsets.UTF_8)));
          device.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
            "SELECT count(*) FROM rule_timer WHERE device_id = 'restart-w' AND rule = 'FALL' AND fired_at IS NULL") == 1);
      }
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ?", elder)).isZero();

      try (RunningStack second = RunningStack.start(db, clock)) {
        clock.advance(Duration.ofSeconds(31));
        int firedNow = second.stack().ruleTimers().fireDue();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
            "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'FALL'", elder) == 1);
        int firedAgain = second.stack().ruleTimers().fireDue();
        // The periodic firing (every second) has its turns too, and still the fall is raised once.
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> TestRegistry.count(db,
            "SELECT event_count FROM alert WHERE elder_id = ? AND rule = 'FALL'", elder) == 1);

        assertThat(firedNow + firedAgain).isLessThanOrEqualTo(1);
        assertThat(firedAgain).isZero();
        assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'FALL'", elder))
            .isEqualTo(1);
        assertThat(TestRegistry.count(db, "SELECT event_count FROM alert WHERE elder_id = ? AND rule = 'FALL'", elder))
            .isEqualTo(1);
        assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'restart-w'"
            + " AND rule = 'FALL' AND fired_at IS NOT NULL AND outcome LIKE 'FALL P1 raised alert%'")).isEqualTo(1);
      }
    }
  }

  @Test
  void givenManyDueTimers_whenTwoFirersRunAtOnce_thenEachTimerFiresOnce() throws Exception {
    MutableClock clock = new MutableClock();
    Vertx vertx = Vertx.vertx();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("timers-test", 4);
    try (HikariDataSource db = TestDatabases.fresh()) {
      long elder = RuleFixtures.elderWith(db, "race-1", "FALL_RADAR", "bedroom");
      TimerStore store = new TimerStore();
      try (Connection c = db.getConnection()) {
        for (int i = 0; i < 250; i++) {
          store.arm(c, TimerRequest.forElder(elder, "NO_SUCH_RULE", "p-" + i, clock.instant().plusSeconds(i % 5),
              new JsonObject().put("eventId", 0)), clock.instant());
        }
      }
      RuleTimers one = new RuleTimers(vertx, db, workers, clock, RuleTimers.DEFAULT_PERIOD_MILLIS);
      RuleTimers two = new RuleTimers(vertx, db, workers, clock, RuleTimers.DEFAULT_PERIOD_MILLIS);
      clock.advance(Duration.ofSeconds(10));

      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> fire(one));
      CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> fire(two));
      int fired = a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS);

      assertThat(fired).isEqualTo(250);
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE fired_at IS NOT NULL"
          + " AND outcome = 'no rule NO_SUCH_RULE'")).isEqualTo(250);
      assertThat(one.fireDue() + two.fireDue()).isZero();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void givenAPendingTimer_whenArmedAgainForTheSameSubjectRuleAndPurpose_thenItMovesInsteadOfDuplicating()
      throws Exception {
    MutableClock clock = new MutableClock();
    try (HikariDataSource db = TestDatabases.fresh(); Connection c = db.getConnection()) {
      RuleFixtures.elderWith(db, "rearm-1", "FALL_RADAR", "bedroom");
      TimerStore store = new TimerStore();
      Instant first = clock.instant().plusSeconds(180);
      Instant later = clock.instant().plusSeconds(300);

      long id1 = store.arm(c, TimerRequest.forDevice("rearm-1", Optional.empty(), "DEVICE_OFFLINE", "silence", first,
          new JsonObject().put("eventId", 1)), clock.instant());
      long id2 = store.arm(c, TimerRequest.forDevice("rearm-1", Optional.empty(), "DEVICE_OFFLINE", "silence", later,
          new JsonObject().put("eventId", 2)), clock.instant());

      assertThat(id2).isEqualTo(id1);
      assertThat(store.pending(c, "rearm-1", "DEVICE_OFFLINE", "silence")).hasValueSatisfying(t -> {
        assertThat(t.dueAt()).isEqualTo(later);
        assertThat(t.eventId()).isEqualTo(2);
      });
      assertThat(store.claimDue(c, first.plusSeconds(1), 10)).isEmpty();
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer")).isEqualTo(1);
    }
  }

  private static int fire(RuleTimers timers) {
    try {
      return timers.fireDue();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
