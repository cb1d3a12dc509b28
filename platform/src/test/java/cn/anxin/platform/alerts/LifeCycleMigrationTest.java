package cn.anxin.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.store.Database;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Migration V10 on a database that already has alerts: each gets its raise recorded, nothing invented. */
class LifeCycleMigrationTest {

  @Test
  void givenAlertsFromBeforeV10_whenMigrated_thenEachHasItsRaiseAtTheSecondAndClosedOnesStayAsTheyWere()
      throws Exception {
    try (HikariDataSource old = TestDatabases.migratedBefore("10")) {
      try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO site (code, name, kind) VALUES ('S1', '中心', 'DAY_CARE')");
        s.execute("INSERT INTO elder (code, name, site_id) VALUES ('E1', '老人', 1)");
        s.execute("INSERT INTO device (id, kind, secret_hash, elder_id, site_id) VALUES ('r1', 'FALL_RADAR', 'x', 1, 1)");
        s.execute("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes, received_at,"
            + " payload) VALUES ('r1', 'm1', 'FALL', now(), 480, now(), '{}')");
        s.execute("INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at, cause_event_id,"
            + " device_id) VALUES (1, 'FALL', 'P1', '2026-03-01 10:00:05.678+08', now(), now(), 1, 'r1')");
        s.execute("INSERT INTO alert (elder_id, rule, severity, status, raised_at, event_time, last_event_at,"
            + " cause_event_id, device_id) VALUES (1, 'SOS', 'P1', 'RESOLVED', '2026-02-01 08:00:00+08', now(), now(),"
            + " 1, 'r1')");
      }

      Database.migrate(old);

      assertThat(TestRegistry.count(old, "SELECT count(*) FROM alert_transition WHERE from_status IS NULL"
          + " AND to_status = 'OPEN' AND account_id IS NULL")).isEqualTo(2);
      assertThat(TestRegistry.count(old, "SELECT count(*) FROM alert_transition t JOIN alert a ON a.id = t.alert_id"
          + " WHERE a.rule = 'FALL' AND t.at = '2026-03-01 10:00:05+08'")).isEqualTo(1);
      assertThat(TestRegistry.count(old, "SELECT count(*) FROM alert_transition")).as("no other steps invented")
          .isEqualTo(2);
      assertThat(TestRegistry.count(old, "SELECT count(*) FROM alert WHERE status = 'RESOLVED'"
          + " AND disposition IS NULL AND closed_at IS NULL")).isEqualTo(1);
    }
  }
}
