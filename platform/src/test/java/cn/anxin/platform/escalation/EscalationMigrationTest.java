package cn.anxin.platform.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.store.Database;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Alerts open from before V14 are history: migrating does not escalate them all at once. */
class EscalationMigrationTest {

  @Test
  void givenAnOldUnacknowledgedP1_whenMigratedAndTheTimersTurn_thenItIsNotEscalatedAndOldMessagesStay()
      throws Exception {
    try (HikariDataSource old = TestDatabases.migratedBefore("14")) {
      Vertx vertx = Vertx.vertx();
      try {
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
          s.execute("INSERT INTO site (code, name, kind) VALUES ('S1', '中心', 'DAY_CARE')");
          s.execute("INSERT INTO elder (code, name, site_id) VALUES ('E1', '老人', 1)");
          s.execute("INSERT INTO device (id, kind, secret_hash, elder_id, site_id) VALUES ('r1', 'FALL_RADAR', 'x', 1, 1)");
          s.execute("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes, received_at,"
              + " payload) VALUES ('r1', 'm1', 'FALL', now(), 480, now(), '{}')");
          s.execute("INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at, cause_event_id,"
              + " device_id) VALUES (1, 'FALL', 'P1', now() - interval '2 hours', now(), now(), 1, 'r1')");
          s.execute("INSERT INTO alert_transition (alert_id, from_status, to_status, at)"
              + " VALUES (1, NULL, 'OPEN', date_trunc('second', now() - interval '2 hours'))");
          s.execute("INSERT INTO notification_outbox (idempotency_key, transition_id, alert_id, event, channel,"
              + " payload, status, skip_reason, created_at, next_attempt_at, updated_at)"
              + " VALUES ('t1:c1:APP', 1, 1, 'ALERT_RAISED', 'APP', '{}', 'SKIPPED', 'CHANNEL_NOT_BUILT', now(), now(), now())");
        }

        Database.migrate(old);
        EscalationTimers timers = new EscalationTimers(vertx, old, vertx.createSharedWorkerExecutor("migrated", 1),
            Clock.systemUTC(), EscalationTimers.DEFAULT_PERIOD_MILLIS);
        timers.fireDue();

        assertThat(TestRegistry.count(old, "SELECT escalation_level FROM alert WHERE id = 1")).isZero();
        assertThat(TestRegistry.count(old, "SELECT count(*) FROM escalation_plan WHERE alert_id = 1"
            + " AND thresholds->>'history' = 'true'")).isEqualTo(1);
        assertThat(TestRegistry.count(old, "SELECT count(*) FROM escalation_timer")).isZero();
        assertThat(TestRegistry.count(old, "SELECT count(*) FROM notification_outbox WHERE transition_id = 1"
            + " AND escalation_id IS NULL")).isEqualTo(1);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
