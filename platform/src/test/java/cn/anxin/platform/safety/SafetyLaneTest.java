package cn.anxin.platform.safety;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.safety.SseEvents.Event;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/** A fall reaches the consoles of its elder's site by the safety lane first, then as the stored alert. */
class SafetyLaneTest extends OnRunningStack {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void givenStaffOfTwoSites_whenARadarReportsAFall_thenItsSiteSeesItProvisionalThenStored_andTheOtherSiteDoesNot()
      throws Exception {
    // GIVEN two elders at two sites, a staff member at each with the console's stream open
    long elder = TestRegistry.elderWithRadar(db, "李秀兰", "radar-lane-a", "secret-a");
    long other = TestRegistry.elderWithRadar(db, "王建国", "radar-lane-b", "secret-b");
    TestAccounts.create(db, "lane.staff.a", Role.STAFF, siteOf(elder));
    TestAccounts.create(db, "lane.staff.b", Role.STAFF, siteOf(other));
    awaitBound("radar-lane-a");
    awaitBound("radar-lane-b");
    try (SseEvents a = SseEvents.open(stack.httpPort(), stack.signIn("lane.staff.a").token());
        SseEvents b = SseEvents.open(stack.httpPort(), stack.signIn("lane.staff.b").token());
        MqttClient radar = stack.connectV3("radar-lane-a", "secret-a");
        MqttClient otherRadar = stack.connectV3("radar-lane-b", "secret-b")) {

      // WHEN the first elder's radar reports a fall
      radar.publish(Payloads.fallTopic("radar-lane-a"), Payloads.qos1(Payloads.fallBytes("lane-fall-1")));

      // THEN the first site's console hears of it first as a provisional P1, then as the stored alert
      Event first = a.next(e -> aboutElder(e, elder), WAIT);
      assertThat(first.name()).isEqualTo("provisional");
      JsonObject provisional = first.data();
      assertThat(provisional.getBoolean("provisional")).isTrue();
      assertThat(provisional.getString("rule")).isEqualTo("FALL");
      assertThat(provisional.getString("severity")).isEqualTo("P1");
      assertThat(provisional.getString("deviceId")).isEqualTo("radar-lane-a");
      assertThat(provisional.getString("msgId")).isEqualTo("lane-fall-1");
      assertThat(provisional.getJsonObject("elder").getString("name")).isEqualTo("李秀兰");
      assertThat(provisional.getValue("id")).isNull();
      JsonObject stored = a.next(SseEvents.about("alert", elder), WAIT).data();
      assertThat(stored.getString("rule")).isEqualTo("FALL");
      assertThat(stored.getString("deviceId")).isEqualTo("radar-lane-a");
      assertThat(stored.getLong("id")).isNotNull();
      assertThat(stored.getValue("provisional")).isNull();

      // AND the other site's console, which hears of its own elder's fall published after it,
      // never heard of the first one
      otherRadar.publish(Payloads.fallTopic("radar-lane-b"), Payloads.qos1(Payloads.fallBytes("lane-fall-2")));
      b.next(SseEvents.about("provisional", other), WAIT);
      b.next(SseEvents.about("alert", other), WAIT);
      assertThat(b.seen()).noneMatch(e -> aboutElder(e, elder));
      assertThat(a.seen()).noneMatch(e -> aboutElder(e, other));
      radar.disconnect();
      otherRadar.disconnect();
    }
  }

  @Test
  void givenAFamilyMemberOfTheElder_whenTheElderFalls_thenTheirStreamGetsTheStoredAlertOnly() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "赵淑珍", "radar-lane-family", "secret-f");
    TestAccounts.family(db, "lane.family", elder);
    awaitBound("radar-lane-family");
    try (SseEvents family = SseEvents.open(stack.httpPort(), stack.signIn("lane.family").token());
        MqttClient radar = stack.connectV3("radar-lane-family", "secret-f")) {
      radar.publish(Payloads.fallTopic("radar-lane-family"), Payloads.qos1(Payloads.fallBytes("lane-fall-f")));

      family.next(SseEvents.about("alert", elder), WAIT);
      assertThat(family.seen()).noneMatch(e -> e.name().equals("provisional"));
      radar.disconnect();
    }
  }

  @Test
  void givenAnElderRecordedDeceased_whenTheirRadarStillReportsAFall_thenTheLaneStaysSilentAsTheRulesDo()
      throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "钱桂芳", "radar-lane-gone", "secret-g");
    long control = TestRegistry.elderWithRadar(db, "孙德明", "radar-lane-here", "secret-h");
    try (var c = db.getConnection(); var s = c.prepareStatement(
        "INSERT INTO elder_status (elder_id, status, from_date) VALUES (?, 'DECEASED', current_date)")) {
      s.setLong(1, elder);
      s.executeUpdate();
    }
    Awaitility.await().atMost(WAIT).until(() -> stack.stack().safetyBindings().of("radar-lane-gone")
        .map(LaneBinding::silenced).orElse(false));
    awaitBound("radar-lane-here");
    TestAccounts.create(db, "lane.admin", Role.ADMIN, siteOf(elder));
    try (SseEvents staff = SseEvents.open(stack.httpPort(), stack.signIn("lane.admin").token());
        MqttClient gone = stack.connectV3("radar-lane-gone", "secret-g");
        MqttClient here = stack.connectV3("radar-lane-here", "secret-h")) {
      gone.publish(Payloads.fallTopic("radar-lane-gone"), Payloads.qos1(Payloads.fallBytes("lane-fall-g")));
      // its PUBACK came after the lane had seen it: whatever the lane did with it, it did before this
      here.publish(Payloads.fallTopic("radar-lane-here"), Payloads.qos1(Payloads.fallBytes("lane-fall-h")));

      staff.next(SseEvents.about("provisional", control), WAIT);
      assertThat(staff.seen()).noneMatch(e -> aboutElder(e, elder));
      gone.disconnect();
      here.disconnect();
    }
  }

  private long siteOf(long elder) throws Exception {
    return TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
  }

  private void awaitBound(String deviceId) {
    Awaitility.await().atMost(WAIT).until(() -> stack.stack().safetyBindings().of(deviceId).isPresent());
  }

  private static boolean aboutElder(Event e, long elderId) {
    return e.data().getJsonObject("elder") != null && e.data().getJsonObject("elder").getLong("id") == elderId;
  }
}
