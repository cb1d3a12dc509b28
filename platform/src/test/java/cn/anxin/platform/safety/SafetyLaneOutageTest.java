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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL unreachable a fall still reaches the console by the safety lane, and once the
 * database is back the lane stores it, so its alert is raised although the device never sent it again.
 */
class SafetyLaneOutageTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void givenTheDatabaseIsUnreachable_whenARadarReportsAFall_thenTheConsoleSeesIt_andItIsStoredWhenTheDatabaseReturns()
      throws Exception {
    HikariDataSource db = TestDatabases.fresh();
    try (RunningStack stack = RunningStack.start(db)) {
      // GIVEN a connected radar and a staff member of its elder's site with the stream open
      long elder = TestRegistry.elderWithRadar(db, "陈玉梅", "radar-outage", "secret-o");
      long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
      TestAccounts.create(db, "outage.staff", Role.STAFF, site);
      ApiClient staff = stack.signIn("outage.staff");
      Awaitility.await().atMost(WAIT).until(() -> stack.stack().safetyBindings().of("radar-outage").isPresent());
      try (SseEvents console = SseEvents.open(stack.httpPort(), staff.token())) {
        MqttClient radar = stack.connectV3("radar-outage", "secret-o");
        radar.setTimeToWait(2_000);

        // WHEN the database becomes unreachable and the radar reports a fall (it gets no PUBACK
        // and is disconnected; as a clean-session client it will not send the fall again)
        TestDatabases.cutOff(db);
        try {
          radar.publish(Payloads.fallTopic("radar-outage"), Payloads.qos1(Payloads.fallBytes("outage-fall-1")));
        } catch (MqttException expected) {
          // no PUBACK: the journal could not store the fall
        }

        // THEN the console shows it at once, as not yet stored
        JsonObject provisional = console.next(SseEvents.about("provisional", elder), WAIT).data();
        assertThat(provisional.getString("msgId")).isEqualTo("outage-fall-1");
        assertThat(provisional.getString("rule")).isEqualTo("FALL");
        Awaitility.await().atMost(WAIT).until(() -> stack.stack().safetyLane().unstoredCount() == 1);
        assertThat(stack.stack().safetyLane().restored()).isZero();

        // AND once the database is back, the lane stores the fall and the alert is raised
        TestDatabases.reopen(db);
        JsonObject stored = console.next(SseEvents.about("alert", elder), WAIT).data();
        assertThat(stored.getString("rule")).isEqualTo("FALL");
        JsonArray open = staff.get("/api/alerts").array();
        assertThat(open).anySatisfy(a -> {
          JsonObject alert = (JsonObject) a;
          assertThat(alert.getJsonObject("elder").getLong("id")).isEqualTo(elder);
          assertThat(alert.getString("rule")).isEqualTo("FALL");
        });
        assertThat(TestRegistry.count(db,
            "SELECT count(*) FROM device_event WHERE device_id = 'radar-outage' AND msg_id = 'outage-fall-1'"))
            .isEqualTo(1);
        Awaitility.await().atMost(WAIT).until(() -> stack.stack().safetyLane().unstoredCount() == 0);
        assertThat(stack.stack().safetyLane().restored()).isEqualTo(1);
        radar.close(true);
      }
    } finally {
      TestDatabases.reopen(db);
      db.close();
    }
  }
}
