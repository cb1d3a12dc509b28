package cn.anxin.platform.safety;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/**
 * A provisional push made while PostgreSQL is unreachable is still audited: its access audit row is
 * written once the database is back, with the time of the push.
 */
class ProvisionalPushAuditTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void givenTheDatabaseIsUnreachable_whenAFallIsPushedProvisionally_thenItsAuditRowIsWrittenOnReturnWithThePushTime()
      throws Exception {
    HikariDataSource db = TestDatabases.fresh();
    try (RunningStack stack = RunningStack.start(db)) {
      // GIVEN a connected radar and a staff member of its elder's site with the stream open
      long elder = TestRegistry.elderWithRadar(db, "孙秀珍", "radar-audit-outage", "secret-ao");
      long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
      long staffId = TestAccounts.create(db, "audit.outage.staff", Role.STAFF, site);
      ApiClient staff = stack.signIn("audit.outage.staff");
      Awaitility.await().atMost(WAIT)
          .until(() -> stack.stack().safetyBindings().of("radar-audit-outage").isPresent());
      try (SseEvents console = SseEvents.open(stack.httpPort(), staff.token())) {
        MqttClient radar = stack.connectV3("radar-audit-outage", "secret-ao");
        radar.setTimeToWait(2_000);

        // WHEN the database is cut off and the radar reports a fall
        TestDatabases.cutOff(db);
        Instant beforeFall = Instant.now();
        try {
          radar.publish(Payloads.fallTopic("radar-audit-outage"),
              Payloads.qos1(Payloads.fallBytes("audit-outage-fall-1")));
        } catch (MqttException expected) {
          // no PUBACK while the journal cannot store the fall
        }

        // THEN the staff stream gets the provisional push during the outage
        JsonObject provisional = console.next(SseEvents.about("provisional", elder), WAIT).data();
        assertThat(provisional.getString("msgId")).isEqualTo("audit-outage-fall-1");
        Instant pushed = Instant.now();
        // the outage outlasts the pool's 5 s connection timeout, so the first write fails and is retried:
        // the platform reports its database down all the while
        Awaitility.await().during(Duration.ofSeconds(7)).atMost(WAIT)
            .until(() -> "DOWN".equals(staff.get("/health").json().getString("database")));
        Instant reopened = Instant.now();

        // AND once the database is back, the push's audit row is there, dated at the push
        TestDatabases.reopen(db);
        Awaitility.await().atMost(WAIT).ignoreExceptions()
            .until(() -> provisionalAuditTimes(db, staffId, elder).size() == 1);
        Instant at = provisionalAuditTimes(db, staffId, elder).get(0);
        assertThat(at).as("the row keeps the time of the push, not of the write")
            .isAfterOrEqualTo(beforeFall.minusMillis(1))
            .isBeforeOrEqualTo(pushed)
            .isBefore(reopened);
        assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE account_id = ?"
            + " AND action = 'ALERT_PUSH_PROVISIONAL' AND role = 'STAFF' AND purpose = 'alert-board'"
            + " AND fields = '{name,alert}'", staffId)).isEqualTo(1);
        radar.close(true);
      }
    } finally {
      TestDatabases.reopen(db);
      db.close();
    }
  }

  private static List<Instant> provisionalAuditTimes(HikariDataSource db, long accountId, long elderId)
      throws Exception {
    List<Instant> times = new ArrayList<>();
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT at FROM access_audit WHERE account_id = ? AND action = 'ALERT_PUSH_PROVISIONAL'"
            + " AND ? = ANY (elder_ids) ORDER BY id")) {
      s.setLong(1, accountId);
      s.setLong(2, elderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          times.add(r.getTimestamp(1).toInstant());
        }
      }
    }
    return times;
  }
}
