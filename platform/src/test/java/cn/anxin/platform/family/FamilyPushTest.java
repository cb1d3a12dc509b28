package cn.anxin.platform.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/**
 * The family app's MQTT push end to end: app credentials from the API, a real Paho subscriber (MQTT
 * 5 and 3.1.1) on the gateway, a real radar publishing a fall, and the notification outbox
 * delivering on the app's PUBACK.
 */
class FamilyPushTest extends OnRunningStack {

  private static final AtomicInteger SEQ = new AtomicInteger();

  /** An elder with a radar, and a consenting family contact (an account of its own) who chose the app. */
  private record Family(long elderId, String deviceId, String username, long accountId, String elderName) {}

  private Family family(String elderName) throws Exception {
    int n = SEQ.incrementAndGet();
    String device = "radar-fam-" + n;
    long elder = TestRegistry.elderWithRadar(db, elderName, device, "secret-" + device);
    String username = "family.push." + n;
    long account = TestAccounts.family(db, username, elder);
    TestRegistry.count(db, "UPDATE elder_contact SET channels = '{APP}', notify_consent = true"
        + " WHERE account_id = ? RETURNING id", account);
    return new Family(elder, device, username, account, elderName);
  }

  private JsonObject credentials(Family f) {
    ApiClient.Answer issued = stack.signIn(f.username()).send("POST", "/api/me/push-credentials", null, null);
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return issued.json();
  }

  private void fall(Family f, String kind) throws Exception {
    org.eclipse.paho.client.mqttv3.MqttClient radar = stack.connectV3(f.deviceId(), "secret-" + f.deviceId());
    try {
      String msgId = f.deviceId() + "-" + SEQ.incrementAndGet();
      String body = kind.equals("sos")
          ? "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + Payloads.now() + "\"}" : Payloads.fall(msgId);
      radar.publish("anxin/v1/devices/" + f.deviceId() + "/events/" + kind,
          Payloads.qos1(body.getBytes(StandardCharsets.UTF_8)));
      radar.disconnect();
    } finally {
      radar.close();
    }
  }

  private String appRowStatus(Family f) throws Exception {
    try (var c = db.getConnection(); var s = c.prepareStatement("SELECT string_agg(o.status || CASE WHEN o.awaits_app"
        + " THEN '+waiting' ELSE '' END, ',' ORDER BY o.id) FROM notification_outbox o"
        + " JOIN elder_contact k ON k.id = o.contact_id WHERE k.account_id = ? AND o.channel = 'APP'")) {
      s.setLong(1, f.accountId());
      try (var r = s.executeQuery()) {
        r.next();
        return String.valueOf(r.getString(1));
      }
    }
  }

  /** A Paho MQTT 5 app, signed in with its credentials and subscribed to its topic. */
  private static final class AppV5 implements AutoCloseable {
    final MqttAsyncClient client;
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    volatile MqttDisconnectResponse disconnected;

    AppV5(String uri, JsonObject credentials) throws Exception {
      client = new MqttAsyncClient(uri, credentials.getString("clientId"),
          new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
      client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
          disconnected = response;
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
          received.add(new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8)).put("topic", topic)
              .put("qos", message.getQos()));
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
      });
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName(credentials.getString("username"));
      options.setPassword(credentials.getString("secret").getBytes(StandardCharsets.UTF_8));
      options.setCleanStart(true);
      client.connect(options).waitForCompletion(10_000);
    }

    int subscribe(String filter, int qos) throws Exception {
      org.eclipse.paho.mqttv5.client.IMqttToken token = client.subscribe(new MqttSubscription(filter, qos));
      MqttException refused = catchThrowableOfType(MqttException.class, () -> token.waitForCompletion(10_000));
      return refused != null ? refused.getReasonCode() : token.getReasonCodes()[0];
    }

    @Override
    public void close() throws Exception {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close(true);
    }
  }

  /** A Paho MQTT 3.1.1 app, clean session. */
  private static final class AppV3 implements AutoCloseable {
    final MqttClient client;
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    volatile Throwable lost;

    AppV3(String uri, JsonObject credentials) throws Exception {
      client = new MqttClient(uri, credentials.getString("clientId"), new MemoryPersistence());
      client.setCallback(new MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
          lost = cause;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
          received.add(new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8)).put("topic", topic)
              .put("qos", message.getQos()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
      });
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setUserName(credentials.getString("username"));
      options.setPassword(credentials.getString("secret").toCharArray());
      options.setCleanSession(true);
      client.connect(options);
    }

    int subscribe(String filter, int qos) throws Exception {
      IMqttToken token = client.subscribeWithResponse(filter, qos);
      return token.getGrantedQos()[0];
    }

    @Override
    public void close() throws Exception {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    }
  }

  @Test
  void givenSubscribedAppsOfTwoFamilies_whenOneEldersRadarSeesAFall_thenOnlyThatFamilyIsToldOnceAtQos1()
      throws Exception {
    Family own = family("张桂英");
    Family other = family("李秀兰");
    try (AppV5 ownApp = new AppV5(stack.mqttUri(), credentials(own));
        AppV3 otherApp = new AppV3(stack.mqttUri(), credentials(other))) {
      assertThat(ownApp.subscribe("anxin/v1/families/" + own.accountId() + "/notifications", 1)).isEqualTo(1);
      assertThat(otherApp.subscribe("anxin/v1/families/" + other.accountId() + "/notifications", 1)).isEqualTo(1);

      fall(own, "fall");

      await().atMost(Duration.ofSeconds(20)).until(() -> ownApp.received.size() == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> appRowStatus(own).equals("DELIVERED"));
      JsonObject message = ownApp.received.get(0);
      assertThat(message.getString("topic")).isEqualTo("anxin/v1/families/" + own.accountId() + "/notifications");
      assertThat(message.getInteger("qos")).isEqualTo(1);
      assertThat(message.getLong("notificationId")).isPositive();
      assertThat(message.getString("deliveryId")).endsWith(":APP");
      assertThat(message.getString("event")).isEqualTo("alert.raised");
      assertThat(message.getString("lang")).isEqualTo("zh-CN");
      assertThat(message.getString("text")).contains("张桂英", "跌倒").doesNotContain("13800000000", "radar");
      assertThat(message.fieldNames()).containsExactlyInAnyOrder("topic", "qos", "notificationId", "deliveryId",
          "event", "lang", "title", "text");
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE id = ? AND receipt LIKE"
          + " 'MQTT 5 PUBACK%'", message.getLong("notificationId"))).isEqualTo(1);

      await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
          .until(() -> ownApp.received.size() == 1 && otherApp.received.isEmpty());
    }
  }

  @Test
  void givenASiteThatEscalatesAfter10s_whenAFallIsNotAcknowledged_thenTheAppIsToldOfTheEscalationToo()
      throws Exception {
    Family f = family("赵淑珍");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", f.elderId());
    ApiClient.Answer saved = stack.admin().put("/api/sites/" + site + "/escalation", new JsonObject()
        .put("comment", "测试：10 秒无人响应即升级")
        .put("policy", new JsonObject().put("severities", new JsonObject().put("P1", new JsonObject()
            .put("acknowledgeSeconds", 10).put("reminderSeconds", 600).put("maxReminders", 0)
            .put("resolveSeconds", 1800)))));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    try (AppV5 app = new AppV5(stack.mqttUri(), credentials(f))) {
      assertThat(app.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 1)).isEqualTo(1);

      fall(f, "fall");

      await().atMost(Duration.ofSeconds(40)).until(() -> app.received.size() == 2);
      assertThat(app.received).extracting(m -> m.getString("event")).containsExactly("alert.raised", "alert.escalated");
      assertThat(app.received.get(1).getString("text")).contains("赵淑珍");
    }
  }

  @Test
  void givenAnAppThatSubscribesOverAndOver_whenPastTenInAMinute_thenItIsDisconnectedForItsRate()
      throws Exception {
    Family f = family("孙桂兰");
    String topic = "anxin/v1/families/" + f.accountId() + "/notifications";
    try (AppV5 app = new AppV5(stack.mqttUri(), credentials(f))) {
      for (int i = 0; i < 10; i++) {
        assertThat(app.subscribe(topic, 1)).as("subscription %d", i + 1).isEqualTo(1);
      }
      assertThat(app.client.isConnected()).isTrue();

      app.client.subscribe(new MqttSubscription(topic, 1));

      await().atMost(Duration.ofSeconds(10)).until(() -> app.disconnected != null);
      assertThat(app.disconnected.getReturnCode()).isEqualTo(0x96);
    }
  }

  @Test
  void givenAnAppReadingEnglishOnMqtt311_whenItsElderFalls_thenTheMessageIsInEnglish() throws Exception {
    Family f = family("王淑珍");
    TestRegistry.count(db, "UPDATE account SET locale = 'en' WHERE id = ? RETURNING id", f.accountId());
    try (AppV3 app = new AppV3(stack.mqttUri(), credentials(f))) {
      assertThat(app.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 2)).isEqualTo(1);

      fall(f, "fall");

      await().atMost(Duration.ofSeconds(20)).until(() -> app.received.size() == 1);
      assertThat(app.received.get(0).getString("lang")).isEqualTo("en");
      assertThat(app.received.get(0).getString("text")).contains("王淑珍").containsIgnoringCase("fall");
      await().atMost(Duration.ofSeconds(5)).until(() -> appRowStatus(f).equals("DELIVERED"));
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox o JOIN elder_contact k"
          + " ON k.id = o.contact_id WHERE k.account_id = ? AND receipt LIKE 'MQTT 3.1.1 PUBACK%'", f.accountId()))
          .isEqualTo(1);
    }
  }

  @Test
  void givenAnApp_whenItSubscribesToAnotherFamilysTopicOrAWildcard_thenEachIsRefusedInBothVersions()
      throws Exception {
    Family f = family("赵玉珍");
    Family other = family("钱德明");
    JsonObject creds = credentials(f);
    try (AppV5 v5 = new AppV5(stack.mqttUri(), creds)) {
      assertThat(v5.subscribe("anxin/v1/families/" + other.accountId() + "/notifications", 1)).isEqualTo(0x87);
      assertThat(v5.subscribe("anxin/v1/families/+/notifications", 1)).isEqualTo(0x87);
      assertThat(v5.subscribe("#", 1)).isEqualTo(0x87);
      assertThat(v5.subscribe("anxin/v1/devices/" + f.deviceId() + "/commands/#", 1)).isEqualTo(0x87);
    }
    try (AppV3 v3 = new AppV3(stack.mqttUri(), creds)) {
      assertThat(v3.subscribe("anxin/v1/families/" + other.accountId() + "/notifications", 1)).isEqualTo(0x80);
      assertThat(v3.subscribe("anxin/v1/families/#", 1)).isEqualTo(0x80);
      assertThat(v3.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 0)).isEqualTo(0x80);
      assertThat(v3.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 1)).isEqualTo(1);
    }

    fall(other, "fall");
    await().atMost(Duration.ofSeconds(20)).until(() -> !appRowStatus(other).equals("null"));
    assertThat(appRowStatus(f)).isEqualTo("null");
  }

  @Test
  void givenAnApp_whenItPublishes_thenMqtt5IsToldNotAuthorizedAndMqtt311IsDisconnected() throws Exception {
    Family f = family("孙丽华");
    JsonObject creds = credentials(f);
    String spoof = "anxin/v1/devices/" + f.deviceId() + "/events/fall";
    try (AppV5 v5 = new AppV5(stack.mqttUri(), creds)) {
      org.eclipse.paho.mqttv5.client.IMqttToken token = v5.client.publish(spoof, Payloads.fallBytes("app-spoof"), 1,
          false);
      MqttException refused = catchThrowableOfType(MqttException.class, () -> token.waitForCompletion(10_000));
      int code = refused != null ? refused.getReasonCode() : token.getReasonCodes()[0];
      assertThat(code).isEqualTo(0x87);
    }
    try (AppV3 v3 = new AppV3(stack.mqttUri(), creds)) {
      catchThrowableOfType(org.eclipse.paho.client.mqttv3.MqttException.class,
          () -> v3.client.publish(spoof, Payloads.qos1(Payloads.fallBytes("app-spoof-3"))));
      await().atMost(Duration.ofSeconds(10)).until(() -> !v3.client.isConnected());
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE msg_id LIKE 'app-spoof%'")).isZero();
  }

  @Test
  void givenAnAppThatIsOffline_whenTwoAlertsAreRaisedAndItComesBack_thenItGetsEachOnceWithoutUsingAttempts()
      throws Exception {
    Family f = family("周凤英");
    JsonObject creds = credentials(f);
    try (AppV5 first = new AppV5(stack.mqttUri(), creds)) {
      assertThat(first.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 1)).isEqualTo(1);
    }

    fall(f, "fall");
    fall(f, "sos");
    await().atMost(Duration.ofSeconds(20)).until(() -> appRowStatus(f).equals("PENDING+waiting,PENDING+waiting"));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox o JOIN elder_contact k"
        + " ON k.id = o.contact_id WHERE k.account_id = ? AND o.attempts = 0", f.accountId())).isEqualTo(2);

    try (AppV3 back = new AppV3(stack.mqttUri(), creds)) {
      assertThat(back.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 1)).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> back.received.size() == 2);
      await().atMost(Duration.ofSeconds(5)).until(() -> appRowStatus(f).equals("DELIVERED,DELIVERED"));
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> back.received.size() == 2);
      assertThat(back.received.stream().map(m -> m.getLong("notificationId")).distinct()).hasSize(2);
      assertThat(String.join(" ", back.received.stream().map(m -> m.getString("text")).toList()))
          .contains("跌倒", "紧急呼叫");
    }
  }

  @Test
  void givenAContactWhoWithdrewConsentAndOneWhoChoseSmsOnly_whenTheirEldersFall_thenNeitherAppIsTold()
      throws Exception {
    Family withdrawn = family("吴秀英");
    Family smsOnly = family("冯玉梅");
    TestRegistry.count(db, "UPDATE elder_contact SET notify_consent = false WHERE account_id = ? RETURNING id",
        withdrawn.accountId());
    TestRegistry.count(db, "UPDATE elder_contact SET channels = '{SMS}' WHERE account_id = ? RETURNING id",
        smsOnly.accountId());
    try (AppV5 app = new AppV5(stack.mqttUri(), credentials(withdrawn));
        AppV3 smsApp = new AppV3(stack.mqttUri(), credentials(smsOnly))) {
      assertThat(app.subscribe("anxin/v1/families/" + withdrawn.accountId() + "/notifications", 1)).isEqualTo(1);
      assertThat(smsApp.subscribe("anxin/v1/families/" + smsOnly.accountId() + "/notifications", 1)).isEqualTo(1);
      fall(withdrawn, "fall");
      fall(smsOnly, "fall");
      stack.awaitOpenAlertFor(withdrawn.elderId());
      stack.awaitOpenAlertFor(smsOnly.elderId());
      await().atMost(Duration.ofSeconds(20)).until(() -> TestRegistry.count(db, "SELECT count(*) FROM"
          + " notification_outbox o JOIN elder_contact k ON k.id = o.contact_id WHERE k.account_id = ?",
          smsOnly.accountId()) == 1);
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
          .until(() -> app.received.isEmpty() && smsApp.received.isEmpty());
      assertThat(appRowStatus(withdrawn)).isEqualTo("null");
      assertThat(appRowStatus(smsOnly)).isEqualTo("null");
    }
  }

  @Test
  void givenAnAppConnectedTwice_whenItsElderFalls_thenTheNewerConnectionTookOverAndAloneIsTold() throws Exception {
    Family f = family("马桂芳");
    JsonObject creds = credentials(f);
    try (AppV5 older = new AppV5(stack.mqttUri(), creds)) {
      assertThat(older.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 1)).isEqualTo(1);
      try (AppV5 newer = new AppV5(stack.mqttUri(), creds)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> older.disconnected != null);
        assertThat(older.disconnected.getReturnCode()).isEqualTo(0x8E);
        assertThat(newer.subscribe("anxin/v1/families/" + f.accountId() + "/notifications", 1)).isEqualTo(1);

        fall(f, "fall");

        await().atMost(Duration.ofSeconds(20)).until(() -> newer.received.size() == 1);
        assertThat(older.received).isEmpty();
      }
    }
  }

  @Test
  void givenARevokedCredential_whenTheAppConnects_thenItIsRefusedAndAConnectedAppIsDisconnected() throws Exception {
    Family f = family("郑桂兰");
    JsonObject creds = credentials(f);
    ApiClient api = stack.signIn(f.username());
    assertThat(api.get("/api/me/push-credentials").json().getString("clientId")).isEqualTo(creds.getString("clientId"));
    assertThat(api.get("/api/me/push-credentials").body()).doesNotContain(creds.getString("secret"));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM family_push_credential WHERE secret_hash LIKE '$sha256s$%'"
        + " AND account_id = ?", f.accountId())).isEqualTo(1);
    try (AppV5 app = new AppV5(stack.mqttUri(), creds)) {
      assertThat(api.delete("/api/me/push-credentials").status()).isEqualTo(204);
      await().atMost(Duration.ofSeconds(10)).until(() -> !app.client.isConnected());
    }
    MqttException refused = catchThrowableOfType(MqttException.class, () -> new AppV5(stack.mqttUri(), creds));
    assertThat(refused.getReasonCode()).isEqualTo(0x86);
    assertThat(api.get("/api/me/push-credentials").status()).isEqualTo(404);
    assertThat(stack.signIn(f.username()).delete("/api/me/push-credentials").status()).isEqualTo(404);
  }
}
