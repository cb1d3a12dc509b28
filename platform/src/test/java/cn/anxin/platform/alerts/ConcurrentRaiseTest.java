package cn.anxin.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Falls from two radars of the same elder processed at the same moment, each in its own transaction
 * through AlertStore on real PostgreSQL: still one open alert, carrying every event, raised once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentRaiseTest {

  private static final int THREADS = 6;
  private static final int ROUNDS = 10;

  private HikariDataSource db;
  private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

  @BeforeAll
  void database() throws Exception {
    db = TestDatabases.fresh();
  }

  @AfterAll
  void close() {
    threads.shutdownNow();
    db.close();
  }

  @Test
  void givenFallsFromTwoRadarsOfOneElder_whenRaisedFromSeveralThreadsAtOnce_thenOneOpenAlertCarriesThemAll()
      throws Exception {
    AlertFixtures fx = new AlertFixtures(db);
    long elder = fx.elder("陈玉兰", "radar-bath");
    TestRegistry.radarBeside(db, "radar-bath", "radar-bed", "secret-bed");

    for (int round = 0; round < ROUNDS; round++) {
      Instant now = Instant.now();
      List<AlertRequest> requests = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        String device = i % 2 == 0 ? "radar-bath" : "radar-bed";
        Instant at = now.minusMillis(100L * i);
        requests.add(new AlertRequest(elder, "FALL", "P1", fx.fall(device, at), device, at, Optional.empty()));
      }
      CyclicBarrier together = new CyclicBarrier(THREADS);
      List<Future<AlertStore.Raised>> raised = new ArrayList<>();
      for (AlertRequest request : requests) {
        raised.add(threads.submit(() -> {
          try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            together.await(10, TimeUnit.SECONDS);
            AlertStore.Raised r = new AlertStore().raise(c, request, now);
            c.commit();
            return r;
          }
        }));
      }
      List<AlertStore.Raised> results = new ArrayList<>();
      for (Future<AlertStore.Raised> f : raised) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }

      long alert = results.get(0).alertId();
      assertThat(results).as("round %d", round).allMatch(r -> r.alertId() == alert);
      assertThat(results.stream().filter(AlertStore.Raised::created).count()).as("round %d: created once", round)
          .isEqualTo(1);
      assertThat(fx.count("SELECT count(*) FROM alert WHERE elder_id = ? AND is_open", elder)).isEqualTo(1);
      assertThat(fx.count("SELECT event_count FROM alert WHERE id = ?", alert)).isEqualTo(THREADS);
      assertThat(fx.count("SELECT count(*) FROM alert_event WHERE alert_id = ?", alert)).isEqualTo(THREADS);
      assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND from_status IS NULL"
          + " AND to_status = 'OPEN'", alert)).as("round %d: one raise recorded", round).isEqualTo(1);
      assertThat(fx.count("SELECT count(DISTINCT device_id) FROM device_event WHERE id IN"
          + " (SELECT event_id FROM alert_event WHERE alert_id = ?)", alert)).isEqualTo(2);
      assertThat(fx.count("SELECT count(*) FROM alert a WHERE a.id = ? AND a.last_event_at = (SELECT max(de.event_time)"
          + " FROM device_event de JOIN alert_event ae ON ae.event_id = de.id WHERE ae.alert_id = a.id)", alert))
          .as("the latest event time, whichever thread raised").isEqualTo(1);
      fx.status(alert, "FALSE_ALARM");
    }
    assertThat(fx.count("SELECT count(*) FROM alert WHERE elder_id = ?", elder)).isEqualTo(ROUNDS);
  }
}
