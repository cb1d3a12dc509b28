package cn.anxin.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The planner over a real database: each committed transition planned exactly once, whoever plans it. */
class NotificationPlannerTest {

  private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");

  private HikariDataSource db;
  private NotifyFixtures fixtures;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = TestDatabases.fresh();
    fixtures = new NotifyFixtures(db);
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private static Clock at(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  @Test
  void givenAnOverdueVisitAndAFall_whenPlanned_thenOnlyTheFallIsNewsForTheFamily() throws Exception {
    var elder = fixtures.elder("王秀英");
    fixtures.contact(elder, "女儿", "13800001111", null, true, "SMS");
    long visit = fixtures.raise(elder, "VISIT_OVERDUE", "P3", NOW);
    long fall = fixtures.raise(elder, "FALL", "P1", NOW);

    new NotificationPlanner(at(NOW), 10, Duration.ofMinutes(10)).planAll(db);

    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE alert_id = ?"
        + " AND contact_id IS NOT NULL", visit)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE alert_id = ?"
        + " AND contact_id IS NOT NULL", fall)).isEqualTo(1);
  }

  @Test
  void givenManyWaitingTransitions_whenTwoPlannersRunAtOnce_thenEachIsPlannedExactlyOnce() throws Exception {
    List<Long> alerts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      var elder = fixtures.elder("老人" + i);
      fixtures.contact(elder, "家属" + i, "1380000" + String.format("%04d", i), null, true, "SMS");
      fixtures.webhook(elder.siteId(), "http://127.0.0.1:9/hook", "whsec-0123456789abcdef0123456789abcdef");
      alerts.add(fixtures.raise(elder, "FALL", "P1", NOW));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        CyclicBarrier together = new CyclicBarrier(2);
        // Small batches, so the two planners interleave over many transactions.
        Callable<Integer> plan = () -> {
          together.await(10, TimeUnit.SECONDS);
          return new NotificationPlanner(at(NOW), 7, Duration.ofMinutes(10)).planAll(db);
        };
        Future<Integer> a = pool.submit(plan);
        Future<Integer> b = pool.submit(plan);
        int added = a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS);
        assertThat(added).as("round " + round).isEqualTo(round == 0 ? 80 : 0);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_planning")).isEqualTo(40);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox")).isEqualTo(80);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM (SELECT transition_id FROM notification_outbox"
        + " GROUP BY transition_id HAVING count(*) <> 2) odd")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_planning WHERE error IS NOT NULL")).isZero();
  }

  @Test
  void givenTransitionsPlannedLongAgo_whenPlanningAgain_thenTheFloorHasMovedPastThemAndNewOnesAreStillFound()
      throws Exception {
    var elder = fixtures.elder("钱秀英");
    fixtures.contact(elder, "钱坤", "13811110000", null, true, "SMS");
    long first = fixtures.raise(elder, "FALL", "P1", NOW);
    NotificationPlanner planner =
        new NotificationPlanner(at(NOW.plus(Duration.ofHours(1))), 50, Duration.ofMinutes(10));
    planner.planAll(db);
    long floor = TestRegistry.count(db, "SELECT below FROM notification_planner");
    long raise = TestRegistry.count(db, "SELECT id FROM alert_transition WHERE alert_id = ?", first);

    long second = fixtures.raise(elder, "SOS", "P1", NOW.plus(Duration.ofMinutes(59)));
    int added = planner.planAll(db);

    assertThat(floor).isEqualTo(raise);
    assertThat(added).isEqualTo(1);
    assertThat(fixtures.outbox(second)).containsExactly("ALERT_RAISED:SMS:PENDING");
    assertThat(TestRegistry.count(db, "SELECT below FROM notification_planner"))
        .as("the new raise is within the grace period").isEqualTo(raise);
  }

  @Test
  void givenTransitionsFromBeforeNotificationsExisted_whenPlanning_thenTheyAreLeftAlone() throws Exception {
    var elder = fixtures.elder("蒋桂香");
    fixtures.contact(elder, "蒋明", "13822220000", null, true, "SMS");
    long old = fixtures.raise(elder, "FALL", "P1", NOW);
    fixtures.update("UPDATE notification_planner SET below = (SELECT max(id) FROM alert_transition)");

    int added = new NotificationPlanner(at(NOW), 50, Duration.ofMinutes(10)).planAll(db);

    assertThat(added).isZero();
    assertThat(fixtures.outbox(old)).isEmpty();
  }
}
