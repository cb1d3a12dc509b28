package cn.anxin.platform.alerts;

import static cn.anxin.platform.alerts.AlertTransitionsApiTest.move;
import static cn.anxin.platform.alerts.AlertTransitionsApiTest.transitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/**
 * The life cycle on the live stack: falls over MQTT after an alert was closed, and consoles on the
 * server-sent event stream seeing each move once it is committed.
 */
class AlertLiveTest extends OnRunningStack {

  @Test
  void givenAFallAlertClosedAsFalseAlarm_whenTheElderFallsAgainOverMqtt_thenANewAlertIsRaised() throws Exception {
    AlertFixtures fx = new AlertFixtures(db);
    long elder = fx.elder("李秀英", "radar-again");
    TestAccounts.create(db, "again.staff", Role.STAFF, fx.siteOf(elder));
    ApiClient staff = stack.signIn("again.staff");

    try (MqttClient device = stack.connectV3("radar-again", "secret-radar-again")) {
      device.publish(Payloads.fallTopic("radar-again"), Payloads.qos1(Payloads.fallBytes("again-1")));
      long first = stack.awaitOpenAlertFor(elder).getLong("id");
      assertThat(staff.post(transitions(first), move("ACKNOWLEDGED", "OPEN")).status()).isEqualTo(200);

      device.publish(Payloads.fallTopic("radar-again"), Payloads.qos1(Payloads.fallBytes("again-2")));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(stack.openAlertFor(elder).getInteger("eventCount")).isEqualTo(2));
      assertThat(stack.openAlertFor(elder).getLong("id")).as("a fall while handled adds to the alert").isEqualTo(first);
      assertThat(stack.openAlertFor(elder).getString("status")).isEqualTo("ACKNOWLEDGED");

      assertThat(staff.post(transitions(first), move("FALSE_ALARM", "ACKNOWLEDGED")
          .put("disposition", "FALSE_ALARM_BEHAVIOUR").put("note", "老人弯腰捡东西")).status()).isEqualTo(200);
      assertThat(stack.openAlertFor(elder)).isNull();

      device.publish(Payloads.fallTopic("radar-again"), Payloads.qos1(Payloads.fallBytes("again-3")));
      JsonObject second = stack.awaitOpenAlertFor(elder);
      device.disconnect();

      assertThat(second.getLong("id")).isNotEqualTo(first);
      assertThat(second.getString("status")).isEqualTo("OPEN");
      assertThat(second.getInteger("eventCount")).isEqualTo(1);
      assertThat(second.getValue("acknowledgedAt")).isNull();
      JsonObject closed = staff.get("/api/alerts/" + first).json();
      assertThat(closed.getString("status")).isEqualTo("FALSE_ALARM");
      assertThat(closed.getInteger("eventCount")).isEqualTo(2);
      assertThat(closed.getString("disposition")).isEqualTo("FALSE_ALARM_BEHAVIOUR");
      assertThat(fx.count("SELECT count(*) FROM alert_transition t JOIN alert a ON a.id = t.alert_id"
          + " WHERE a.elder_id = ? AND t.from_status IS NULL AND t.account_id IS NULL", elder))
          .as("each alert's raise recorded, by the system").isEqualTo(2);
    }
  }

  @Test
  void givenConsolesOnTheStream_whenStaffMoveAnAlert_thenEachCommittedMoveArrivesAtThoseWhoMaySeeIt()
      throws Exception {
    AlertFixtures fx = new AlertFixtures(db);
    long elder = fx.elder("周淑珍", "radar-live");
    long otherElder = fx.elder("他中心老人", "radar-live-other");
    TestAccounts.create(db, "live.staff", Role.STAFF, fx.siteOf(elder));
    TestAccounts.create(db, "live.outsider", Role.STAFF, fx.siteOf(otherElder));
    TestAccounts.family(db, "live.family", elder);
    ApiClient staff = stack.signIn("live.staff");
    long alert = fx.alert(elder, "radar-live", "FALL");

    try (Stream<String> staffLines = open(staff); Stream<String> familyLines = open(stack.signIn("live.family"));
        Stream<String> outsiderLines = open(stack.signIn("live.outsider"))) {
      BlockingQueue<JsonObject> staffEvents = collect(staffLines);
      BlockingQueue<JsonObject> familyEvents = collect(familyLines);
      BlockingQueue<JsonObject> outsiderEvents = collect(outsiderLines);

      assertThat(staff.post(transitions(alert), move("CALLING", "ACKNOWLEDGED")).status())
          .as("refused: nothing is published").isEqualTo(409);
      assertThat(staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN")).status()).isEqualTo(200);
      JsonObject acknowledged = next(staffEvents, alert);
      long recordedWhenSeen = fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ?"
          + " AND to_status = 'ACKNOWLEDGED'", alert);
      assertThat(staff.post(transitions(alert), move("RESOLVED", "ACKNOWLEDGED")
          .put("disposition", "REAL_EVENT")).status()).isEqualTo(200);
      JsonObject resolved = next(staffEvents, alert);

      assertThat(acknowledged.getString("status")).as("the refused move published nothing").isEqualTo("ACKNOWLEDGED");
      assertThat(acknowledged.getString("acknowledgedAt")).isNotNull();
      assertThat(recordedWhenSeen).as("published after commit").isEqualTo(1);
      assertThat(resolved.getString("status")).isEqualTo("RESOLVED");
      assertThat(resolved.getString("disposition")).isEqualTo("REAL_EVENT");
      assertThat(resolved.containsKey("assignee")).as("the stream names no staff").isFalse();
      assertThat(next(familyEvents, alert).getString("status")).isEqualTo("ACKNOWLEDGED");
      assertThat(next(familyEvents, alert).getString("status")).isEqualTo("RESOLVED");
      assertThat(outsiderEvents.poll(500, TimeUnit.MILLISECONDS)).as("another centre's console").isNull();
      assertThat(staffEvents.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  /** The alert event stream as this client, once its headers have arrived (the subscription is then live). */
  private Stream<String> open(ApiClient client) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/alerts/stream"))
        .header("Authorization", "Bearer " + client.token()).GET().build();
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
        HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static BlockingQueue<JsonObject> collect(Stream<String> lines) {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try {
        lines.filter(l -> l.startsWith("data: ")).forEach(l -> events.add(new JsonObject(l.substring(6))));
      } catch (RuntimeException closed) {
        // the stream was closed by the test
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  /** The next event about this alert, within 10 s. */
  private static JsonObject next(BlockingQueue<JsonObject> events, long alert) throws InterruptedException {
    List<JsonObject> others = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonObject event = events.poll(100, TimeUnit.MILLISECONDS);
      if (event != null && event.getLong("id") == alert) {
        return event;
      }
      if (event != null) {
        others.add(event);
      }
    }
    throw new AssertionError("no event about alert " + alert + " within 10 s; others: " + others);
  }
}
