package cn.anxin.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.notify.channel.WebhookSignature;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifications API and the notifier as the running stack wires it: a fall over MQTT reaches the
 * site's webhook, signed; staff see what was sent to whom; administrators keep webhooks and retry
 * dead messages; family members set their own quiet hours. (The stack's notifier has no SMS gateway
 * or SMTP server here; their delivery is covered by {@link NotificationDeliveryTest}.)
 */
class NotificationApiTest extends OnRunningStack {

  private HttpReceiver receiver;
  private NotifyFixtures fixtures;
  private NotifyFixtures.Elder elder;
  private long contact;
  private ApiClient staff;
  private ApiClient otherStaff;
  private ApiClient family;
  private long familyContact;

  @BeforeAll
  void registry() throws Exception {
    receiver = HttpReceiver.start();
    fixtures = new NotifyFixtures(db);
    elder = fixtures.elder("张桂英");
    contact = fixtures.contact(elder, "李娜", "13812345678", "li.na@family.example", true, "SMS", "EMAIL");
    var other = fixtures.elder("他中心老人");
    TestAccounts.create(db, "notify.staff", Role.STAFF, elder.siteId());
    TestAccounts.create(db, "notify.other", Role.STAFF, other.siteId());
    TestAccounts.family(db, "notify.family", elder.id());
    familyContact = TestRegistry.count(db, "SELECT c.id FROM elder_contact c JOIN account a ON a.id = c.account_id"
        + " WHERE a.username = 'notify.family'");
    staff = stack.signIn("notify.staff");
    otherStaff = stack.signIn("notify.other");
    family = stack.signIn("notify.family");
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void givenSiteWebhook_whenAFallArrivesOverMqtt_thenItIsPostedSignedAndStaffSeeWhatWasSentToWhom() throws Exception {
    Answer created = stack.admin().post("/api/sites/" + elder.siteId() + "/webhooks", new JsonObject()
        .put("url", receiver.url("/fall-hook")).put("events", new JsonArray(List.of("ALERT_RAISED"))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String secret = created.json().getString("secret");

    try (MqttClient device = stack.connectV3(elder.deviceId(), "secret-" + elder.deviceId())) {
      device.publish(Payloads.fallTopic(elder.deviceId()), Payloads.qos1(Payloads.fallBytes("notify-fall-1")));
      device.disconnect();
    }
    long alert = stack.awaitOpenAlertFor(elder.id()).getLong("id");

    await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().stream()
        .anyMatch(r -> r.path().equals("/fall-hook")));
    HttpReceiver.Request hook = receiver.requests().stream().filter(r -> r.path().equals("/fall-hook")).findFirst()
        .orElseThrow();
    assertThat(WebhookSignature.verify(secret, hook.body().getBytes(StandardCharsets.UTF_8),
        hook.header(WebhookSignature.HEADER))).isTrue();
    assertThat(new JsonObject(hook.body()).getJsonObject("alert").getLong("id")).isEqualTo(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db, "SELECT count(*)"
        + " FROM notification_outbox WHERE alert_id = ? AND (status = 'DELIVERED' OR last_error IS NOT NULL)",
        alert) == 3);

    Answer sent = staff.get("/api/alerts/" + alert + "/notifications");
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    JsonArray rows = sent.array();
    assertThat(rows).hasSize(3);
    JsonObject sms = rows.getJsonObject(0);
    assertThat(sms.getString("channel")).isEqualTo("SMS");
    assertThat(sms.getJsonObject("recipient").getString("name")).isEqualTo("李娜");
    assertThat(sms.getJsonObject("recipient").getString("address")).isEqualTo("138****5678");
    assertThat(rows.getJsonObject(1).getJsonObject("recipient").getString("address")).isEqualTo("l***@family.example");
    assertThat(sms.getString("lastError")).as("no SMS gateway in this stack").contains("not configured");
    JsonObject webhook = rows.getJsonObject(2);
    assertThat(webhook.getString("status")).isEqualTo("DELIVERED");
    assertThat(webhook.getString("deliveredAt")).isNotNull();
    assertThat(webhook.getString("receipt")).startsWith("HTTP 200");
    assertThat(webhook.getJsonObject("recipient").getString("url")).isEqualTo(receiver.url(""));
    assertThat(sent.body()).doesNotContain("13812345678", "li.na@", secret);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'ALERT_NOTIFICATIONS'"
        + " AND elder_ids = ARRAY[?]::bigint[]", elder.id())).isEqualTo(1);

    assertThat(otherStaff.get("/api/alerts/" + alert + "/notifications").status()).isEqualTo(404);
    assertThat(family.get("/api/alerts/" + alert + "/notifications").status()).isEqualTo(403);

    JsonArray staffTimeline = staff.get("/api/alerts/" + alert + "/timeline").json().getJsonArray("entries");
    JsonArray familyTimeline = family.get("/api/alerts/" + alert + "/timeline").json().getJsonArray("entries");
    assertThat(types(staffTimeline)).containsSubsequence("EVENT", "TRANSITION", "NOTIFICATION")
        .filteredOn("NOTIFICATION"::equals).hasSize(3);
    assertThat(familyTimeline.stream().map(e -> (JsonObject) e).filter(e -> "NOTIFICATION".equals(e.getString("type")))
        .map(e -> e.getString("channel")).toList()).containsExactly("SMS", "EMAIL");
  }

  @Test
  void givenAdministrator_whenKeepingWebhooks_thenTheSecretIsShownOnceAndRemovalIsFinal() {
    String path = "/api/sites/" + elder.siteId() + "/webhooks";
    Answer created = stack.admin().post(path, new JsonObject().put("url", "https://callcentre.example.org/a?t=x")
        .put("severities", new JsonArray(List.of("P1"))).put("description", "呼叫中心"));
    Answer refused = stack.admin().post(path, new JsonObject().put("url", "ftp://callcentre.example.org/a"));
    Answer unknownSite = stack.admin().post("/api/sites/99999999/webhooks",
        new JsonObject().put("url", "https://callcentre.example.org/a"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location").orElseThrow())
        .isEqualTo(path + "/" + created.json().getLong("id"));
    assertThat(created.json().getString("secret")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(created.json().getJsonArray("events")).containsExactly("ALERT_RAISED", "ALERT_CHANGED", "ALERT_CLOSED");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(unknownSite.status()).isEqualTo(404);
    Answer listed = stack.admin().get(path);
    assertThat(listed.body()).contains("callcentre.example.org").doesNotContain(created.json().getString("secret"));
    assertThat(staff.get(path).status()).isEqualTo(403);

    String one = path + "/" + created.json().getLong("id");
    assertThat(stack.admin().delete(one).status()).isEqualTo(204);
    assertThat(stack.admin().delete(one).status()).isEqualTo(404);
    assertThat(stack.admin().get(path).body()).doesNotContain("callcentre.example.org/a?t=x");
  }

  @Test
  void givenDeadNotification_whenAnAdministratorRetriesIt_thenItIsSentAgainAndCannotBeRetriedTwice()
      throws Exception {
    var another = fixtures.elder("陈玉梅");
    String path = "/api/sites/" + another.siteId() + "/webhooks";
    String secret = stack.admin().post(path, new JsonObject().put("url", receiver.url("/dead-hook")))
        .json().getString("secret");
    receiver.failNext(1_000, 500);
    long alert = fixtures.raise(another, "FALL", "P1", Instant.now());
    await().atMost(Duration.ofSeconds(15)).until(() -> TestRegistry.count(db, "SELECT count(*)"
        + " FROM notification_outbox WHERE alert_id = ? AND status = 'PENDING' AND attempts = 1", alert) == 1);
    long id = TestRegistry.count(db, "SELECT id FROM notification_outbox WHERE alert_id = ?", alert);
    // As if every attempt had failed: the dispatcher's own path to DEAD is covered by NotificationDeliveryTest.
    fixtures.update("UPDATE notification_outbox SET status = 'DEAD', attempts = 6 WHERE id = ? AND status = 'PENDING'",
        id);
    fixtures.update("INSERT INTO admin_notice (at, kind, outbox_id, alert_id, detail) VALUES (now(),"
        + " 'NOTIFICATION_DEAD', ?, ?, 'gave up')", id, alert);

    Answer dead = stack.admin().get("/api/notifications/dead");
    assertThat(dead.status()).isEqualTo(200);
    assertThat(dead.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList())
        .contains(id);
    assertThat(staff.get("/api/notifications/dead").status()).isEqualTo(403);
    assertThat(staff.send("POST", "/api/notifications/" + id + "/retry", null, null).status()).isEqualTo(403);

    receiver.failNext(0, 500);
    Answer retried = stack.admin().send("POST", "/api/notifications/" + id + "/retry", null, null);
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.json().getString("status")).isEqualTo("PENDING");
    assertThat(retried.json().getInteger("attempts")).isZero();
    await().atMost(Duration.ofSeconds(15)).until(() -> TestRegistry.count(db, "SELECT count(*)"
        + " FROM notification_outbox WHERE id = ? AND status = 'DELIVERED'", id) == 1);
    assertThat(receiver.accepted().stream().filter(r -> r.path().equals("/dead-hook"))
        .filter(r -> WebhookSignature.verify(secret, r.body().getBytes(StandardCharsets.UTF_8),
            r.header(WebhookSignature.HEADER))).count()).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM admin_notice WHERE outbox_id = ? AND resolved_at IS NULL",
        id)).isZero();

    Answer again = stack.admin().send("POST", "/api/notifications/" + id + "/retry", null, null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("code")).isEqualTo("notify.not-dead");
    assertThat(stack.admin().send("POST", "/api/notifications/99999999/retry", null, null).status()).isEqualTo(404);
  }

  @Test
  void givenFamilyMember_whenSettingQuietHours_thenOnlyTheirOwnContactIsTheirs() {
    String own = "/api/elders/" + elder.id() + "/contacts/" + familyContact + "/quiet-hours";
    String someoneElses = "/api/elders/" + elder.id() + "/contacts/" + contact + "/quiet-hours";

    assertThat(family.get(own).status()).isEqualTo(404);
    Answer set = family.put(own, new JsonObject().put("from", "22:00").put("to", "07:00"));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().getString("zone")).isEqualTo("Asia/Shanghai");
    assertThat(family.get(own).json().getString("from")).isEqualTo("22:00");
    assertThat(family.put(someoneElses, new JsonObject().put("from", "22:00").put("to", "07:00")).status())
        .isEqualTo(404);
    assertThat(staff.put(someoneElses, new JsonObject().put("from", "21:30").put("to", "06:30")).status())
        .isEqualTo(200);
    assertThat(otherStaff.get(someoneElses).status()).isEqualTo(404);

    Answer empty = family.put(own, new JsonObject().put("from", "22:00").put("to", "22:00"));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.codesOn("/body/to")).contains("notify.quiet-hours-empty");
    assertThat(family.put(own, new JsonObject().put("from", "25:00").put("to", "07:00")).status()).isEqualTo(400);

    assertThat(family.delete(own).status()).isEqualTo(204);
    assertThat(family.get(own).status()).isEqualTo(404);
  }

  @Test
  void givenNotifiedFamily_whenTheElderIsErased_thenNotificationsKeepNoLinkToTheContacts() throws Exception {
    var erased = fixtures.elder("郭淑华");
    long relative = fixtures.contact(erased, "郭强", "13911112222", null, true, "SMS");
    fixtures.quietHours(relative, "22:00", "07:00");
    long alert = fixtures.raise(erased, "FALL", "P1", Instant.now());
    await().atMost(Duration.ofSeconds(15)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM notification_outbox WHERE alert_id = ?", alert) == 1);
    fixtures.close(erased, alert, cn.anxin.platform.alerts.AlertStatus.RESOLVED,
        cn.anxin.platform.alerts.Disposition.REAL_EVENT, Instant.now());

    Answer erasure = stack.admin().delete("/api/elders/" + erased.id() + "/personal-data?confirm=E-"
        + erased.deviceId());

    assertThat(erasure.status()).as(erasure.body()).isLessThan(300);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE alert_id = ?"
        + " AND contact_id IS NOT NULL", alert)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM contact_quiet_hours WHERE contact_id = ?", relative))
        .isZero();
    Answer sent = stack.admin().get("/api/alerts/" + alert + "/notifications");
    assertThat(sent.body()).doesNotContain("郭强", "13911112222", "****2222");
  }

  private static List<String> types(JsonArray entries) {
    return entries.stream().map(e -> ((JsonObject) e).getString("type")).toList();
  }
}
