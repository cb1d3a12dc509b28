package cn.anxin.platform.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.MutableClock;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Escalation timers are durable: armed by one platform process, they fire on time in the next one. */
class EscalationRestartTest {

  @Test
  void givenAnArmedEscalation_whenTheStackStopsAndAnotherStartsOverTheSameDatabase_thenItFiresOnceAtItsTime()
      throws Exception {
    MutableClock clock = new MutableClock();
    try (HikariDataSource db = TestDatabases.fresh()) {
      EscalationFixtures fixtures = new EscalationFixtures(db);
      var elder = fixtures.elder("陈老人");
      long supervisor = fixtures.supervisor(elder, "sup.restart");
      Instant raised = clock.instant();
      long alert;
      try (RunningStack first = RunningStack.start(db, clock)) {
        alert = fixtures.raise(elder, "FALL", "P1", raised);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db, "SELECT count(*) FROM"
            + " escalation_timer WHERE alert_id = ? AND step = 'ACKNOWLEDGE' AND fired_at IS NULL", alert) == 1);
        clock.advance(Duration.ofSeconds(30));
        first.stack().escalations().fireDue();
      }
      assertThat(fixtures.level(alert)).isZero();

      try (RunningStack second = RunningStack.start(db, clock)) {
        clock.advance(Duration.ofSeconds(29));
        second.stack().escalations().fireDue();
        assertThat(fixtures.level(alert)).isZero();

        clock.advance(Duration.ofSeconds(1));
        second.stack().escalations().fireDue();
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.level(alert) == 1);
        // The periodic turns have their go too, and still it rose once, at its time.
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
            .until(() -> fixtures.escalations(alert, "SUPERVISOR") == 1);
        second.stack().escalations().fireDue();
        assertThat(TestRegistry.count(db, "SELECT count(*) FROM alert_escalation WHERE alert_id = ? AND at = ?",
            alert, Timestamp.from(raised.plusSeconds(60)))).isEqualTo(1);
        assertThat(fixtures.messages(alert)).containsExactly("ALERT_ESCALATED:a" + supervisor + ":SMS",
            "ALERT_ESCALATED:a" + supervisor + ":EMAIL");
        assertThat(fixtures.breaches(alert, "ACKNOWLEDGE")).isEqualTo(1);
      }
    }
  }
}
