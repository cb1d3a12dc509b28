package cn.anxin.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.alerts.AlertStatus;
import cn.anxin.platform.alerts.Disposition;
import cn.anxin.platform.notify.channel.WebhookSender;
import cn.anxin.platform.notify.channel.WebhookSignature;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The notifier against real receivers: a GreenMail SMTP server, and JDK HTTP servers as the SMS
 * gateway and a site's webhook endpoint, all on 127.0.0.1. Each test has a fresh database and its
 * own notifier on a clock the test moves; alerts are raised through the alert store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationDeliveryTest {

  /** 14:00 in Beijing: outside anyone's quiet hours. */
  private static final Instant AFTERNOON = Instant.parse("2026-11-29T06:00:00Z");
  private static final String SECRET = "whsec-0123456789abcdef0123456789abcdef";

  private Vertx vertx;
  private GreenMail smtp;
  private HttpReceiver sms;
  private HttpReceiver hooks;
  private HikariDataSource db;
  private TestClock clock;
  private NotifyFixtures fixtures;
  private Notifications notifier;

  @BeforeAll
  void receivers() throws Exception {
    vertx = Vertx.vertx();
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("notify@anxin.example", "notify-user", "notify-pass");
    smtp.start();
    sms = HttpReceiver.start();
    hooks = HttpReceiver.start();
  }

  @AfterAll
  void stopReceivers() throws Exception {
    smtp.stop();
    sms.close();
    hooks.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void freshNotifier() throws Exception {
    db = TestDatabases.fresh();
    clock = new TestClock(AFTERNOON);
    fixtures = new NotifyFixtures(db);
    notifier = notifier(NotifyOptions.defaults());
    smtp.purgeEmailFromAllMailboxes();
    sms.clear();
    hooks.clear();
    sms.failNext(0, 500);
    hooks.failNext(0, 500);
  }

  @AfterEach
  void closeDatabase() {
    notifier.stop();
    db.close();
  }

  private Notifications notifier(NotifyOptions base) {
    return Notifications.create(vertx, db, clock, base
        .withSms(new SmsOptions(URI.create(sms.url("/sms")), "sms-token"))
        .withSmtp(new SmtpOptions("127.0.0.1", smtp.getSmtp().getPort(), "notify-user", "notify-pass",
            "notify@anxin.example", false)));
  }

  @Test
  void givenFallOfElderWithConsentingFamily_whenDispatched_thenSmsEmailAndSignedWebhookEachArriveOnce()
      throws Exception {
    var elder = fixtures.elder("张桂英");
    fixtures.contact(elder, "李娜", "13812345678", "li.na@family.example", true, "SMS", "EMAIL");
    fixtures.webhook(elder.siteId(), hooks.url("/alerts"), SECRET);
    long alert = fixtures.raise(elder, "FALL", "P1", AFTERNOON);

    NotificationDispatcher.Round round = notifier.runNow();

    assertThat(round.delivered()).isEqualTo(3);
    assertThat(sms.accepted()).hasSize(1);
    HttpReceiver.Request text = sms.accepted().get(0);
    assertThat(text.header("Authorization")).isEqualTo("Bearer sms-token");
    JsonObject smsBody = new JsonObject(text.body());
    assertThat(smsBody.getString("to")).isEqualTo("13812345678");
    assertThat(smsBody.getString("text")).contains("张桂英", "跌倒", "11月29日 14:00", "照护中心")
        .doesNotContain("bathroom", "radar");
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("li.na@family.example");
    assertThat(mails[0].getSubject()).contains("张桂英", "跌倒");
    assertThat(((String) mails[0].getContent()).strip()).contains("正在处理", "请勿直接回复");
    assertThat(hooks.accepted()).hasSize(1);
    HttpReceiver.Request hook = hooks.accepted().get(0);
    assertThat(WebhookSignature.verify(SECRET, hook.body().getBytes(StandardCharsets.UTF_8),
        hook.header(WebhookSignature.HEADER))).isTrue();
    assertThat(WebhookSignature.verify("another-secret-another-secret-00", hook.body().getBytes(StandardCharsets.UTF_8),
        hook.header(WebhookSignature.HEADER))).isFalse();
    assertThat(hook.header(WebhookSender.TIMESTAMP_HEADER)).isEqualTo(String.valueOf(AFTERNOON.getEpochSecond()));
    JsonObject event = new JsonObject(hook.body());
    assertThat(event.getString("event")).isEqualTo("alert.raised");
    assertThat(event.getString("deliveryId")).isEqualTo(hook.header(WebhookSender.DELIVERY_HEADER));
    assertThat(event.getJsonObject("alert").getLong("id")).isEqualTo(alert);
    assertThat(hook.body()).doesNotContain("张桂英", "李娜", "13812345678");
    assertThat(fixtures.outbox(alert)).containsExactly("ALERT_RAISED:SMS:DELIVERED", "ALERT_RAISED:EMAIL:DELIVERED",
        "ALERT_RAISED:WEBHOOK:DELIVERED");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE alert_id = ?"
        + " AND channel = 'EMAIL' AND receipt LIKE '<anxin.t%.EMAIL@anxin.example> 250%'", alert)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE alert_id = ?"
        + " AND channel = 'SMS' AND receipt LIKE 'HTTP 200 id=r-%'", alert)).isEqualTo(1);

    assertThat(notifier.runNow().total()).isZero();
    assertThat(sms.requests()).hasSize(1);
    assertThat(hooks.requests()).hasSize(1);
  }

  @Test
  void givenContactsWithoutConsentAndAnotherElderFamily_whenAlertRaised_thenOnlyTheConsentingFamilyOfThatElderIsTold()
      throws Exception {
    var elder = fixtures.elder("王秀兰");
    var neighbour = fixtures.elder("赵德明");
    fixtures.contact(elder, "王强", "13900000001", null, true, "SMS");
    fixtures.contact(elder, "王丽", "13900000002", null, false, "SMS");
    long withdrawn = fixtures.contact(elder, "王军", "13900000003", null, true, "SMS");
    fixtures.withdrawConsent(elder, withdrawn);
    fixtures.contact(neighbour, "赵敏", "13900000004", null, true, "SMS");
    long alert = fixtures.raise(elder, "FALL", "P1", AFTERNOON);

    notifier.runNow();

    assertThat(sms.accepted()).extracting(r -> new JsonObject(r.body()).getString("to"))
        .containsExactly("13900000001");
    assertThat(fixtures.outbox(alert)).containsExactly("ALERT_RAISED:SMS:DELIVERED");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox")).isEqualTo(1);
  }

  @Test
  void givenWebhookRefusingThenFailing_whenRetriedWithBackoff_thenItIsAcceptedExactlyOnce() throws Exception {
    notifier = notifier(NotifyOptions.defaults().withRetries(6, NotifyOptions.DEFAULT_BACKOFF, 0.2));
    var elder = fixtures.elder("孙玉珍");
    fixtures.webhook(elder.siteId(), hooks.url("/alerts"), SECRET);
    fixtures.raise(elder, "FALL", "P1", AFTERNOON);
    hooks.stop();

    NotificationDispatcher.Round first = notifier.runNow();
    hooks.restart();
    hooks.failNext(1, 503);
    clock.advance(Duration.ofSeconds(3));
    NotificationDispatcher.Round tooEarly = notifier.dispatchDueNow();
    clock.advance(Duration.ofSeconds(4));
    NotificationDispatcher.Round second = notifier.dispatchDueNow();
    clock.advance(Duration.ofSeconds(23));
    NotificationDispatcher.Round stillWaiting = notifier.dispatchDueNow();
    clock.advance(Duration.ofSeconds(15));
    NotificationDispatcher.Round third = notifier.dispatchDueNow();
    clock.advance(Duration.ofHours(3));
    NotificationDispatcher.Round afterwards = notifier.dispatchDueNow();

    assertThat(first.retried()).isEqualTo(1);
    assertThat(tooEarly.total()).as("5 s back-off, at most 20% early").isZero();
    assertThat(second.retried()).isEqualTo(1);
    assertThat(stillWaiting.total()).as("30 s back-off, at most 20% early").isZero();
    assertThat(third.delivered()).isEqualTo(1);
    assertThat(afterwards.total()).isZero();
    assertThat(hooks.requests()).hasSize(2);
    assertThat(hooks.requests()).extracting(r -> r.header(WebhookSender.DELIVERY_HEADER)).containsOnly(
        hooks.requests().get(0).header(WebhookSender.DELIVERY_HEADER));
    assertThat(hooks.accepted()).hasSize(1);
    assertThat(hooks.requests().get(0).body()).isEqualTo(hooks.requests().get(1).body());
    assertThat(TestRegistry.count(db, "SELECT attempts FROM notification_outbox")).isEqualTo(3);
  }

  @Test
  void givenSmsGatewayDownForTwoAttempts_whenItComesBack_thenEachFamilyMemberGetsOneText() throws Exception {
    notifier = notifier(NotifyOptions.defaults().withRetries(6, List.of(Duration.ofSeconds(5)), 0));
    var elder = fixtures.elder("周桂芳");
    fixtures.contact(elder, "周杰", "13700000001", null, true, "SMS");
    fixtures.contact(elder, "周敏", "13700000002", null, true, "SMS");
    fixtures.raise(elder, "SOS", "P1", AFTERNOON);
    sms.failNext(4, 500);

    for (int round = 0; round < 4; round++) {
      notifier.runNow();
      clock.advance(Duration.ofSeconds(5));
    }

    assertThat(sms.requests()).hasSize(6);
    assertThat(sms.accepted()).extracting(r -> r.header(WebhookSender.DELIVERY_HEADER)).doesNotHaveDuplicates()
        .hasSize(2);
    assertThat(sms.accepted()).extracting(r -> new JsonObject(r.body()).getString("to"))
        .containsExactlyInAnyOrder("13700000001", "13700000002");
    assertThat(new JsonObject(sms.accepted().get(0).body()).getString("text")).contains("紧急呼叫");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE status = 'DELIVERED'"
        + " AND attempts = 3")).isEqualTo(2);
  }

  @Test
  void givenReceiverThatNeverAccepts_whenEveryAttemptIsUsed_thenTheMessageIsDeadWithAnAdministratorNotice()
      throws Exception {
    notifier = notifier(NotifyOptions.defaults().withRetries(3, List.of(Duration.ofSeconds(5)), 0));
    var elder = fixtures.elder("吴国华");
    long hook = fixtures.webhook(elder.siteId(), hooks.url("/alerts"), SECRET);
    long alert = fixtures.raise(elder, "FALL", "P1", AFTERNOON);
    hooks.failNext(100, 500);

    List<NotificationDispatcher.Round> rounds = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rounds.add(notifier.runNow());
      clock.advance(Duration.ofSeconds(5));
    }

    assertThat(rounds).extracting(NotificationDispatcher.Round::retried).containsExactly(1, 1, 0, 0);
    assertThat(rounds).extracting(NotificationDispatcher.Round::dead).containsExactly(0, 0, 1, 0);
    assertThat(hooks.requests()).hasSize(3);
    assertThat(fixtures.outbox(alert)).containsExactly("ALERT_RAISED:WEBHOOK:DEAD");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE last_error LIKE 'HTTP 500%'"))
        .isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM admin_notice n JOIN notification_outbox o"
        + " ON o.id = n.outbox_id WHERE n.kind = 'NOTIFICATION_DEAD' AND n.alert_id = ? AND o.webhook_id = ?"
        + " AND n.resolved_at IS NULL AND n.detail LIKE '%3 attempt(s)%'", alert, hook)).isEqualTo(1);
  }

  @Test
  void givenQuietHoursAtNight_whenP3AndP1AreRaised_thenTheP3WaitsForMorningAndTheP1GoesAtOnce() throws Exception {
    Instant night = Instant.parse("2026-11-29T15:30:00Z"); // 23:30 in Beijing
    clock.set(night);
    var p3Elder = fixtures.elder("郑淑珍");
    var p1Elder = fixtures.elder("冯建国");
    long p3Contact = fixtures.contact(p3Elder, "郑伟", "13600000001", null, true, "SMS");
    long p1Contact = fixtures.contact(p1Elder, "冯丽", "13600000002", null, true, "SMS");
    fixtures.quietHours(p3Contact, "22:00", "07:00");
    fixtures.quietHours(p1Contact, "22:00", "07:00");
    long p3 = fixtures.raise(p3Elder, "DEVICE_OFFLINE", "P3", night);
    fixtures.raise(p1Elder, "FALL", "P1", night);

    NotificationDispatcher.Round atNight = notifier.runNow();
    clock.set(Instant.parse("2026-11-29T22:59:00Z")); // 06:59
    NotificationDispatcher.Round beforeSeven = notifier.runNow();
    clock.set(Instant.parse("2026-11-29T23:00:00Z")); // 07:00
    NotificationDispatcher.Round atSeven = notifier.runNow();

    assertThat(atNight.delivered()).isEqualTo(1);
    assertThat(beforeSeven.total()).isZero();
    assertThat(atSeven.delivered()).isEqualTo(1);
    assertThat(sms.accepted()).extracting(r -> new JsonObject(r.body()).getString("to"))
        .containsExactly("13600000002", "13600000001");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE alert_id = ?"
        + " AND delivered_at = '2026-11-29T23:00:00Z'", p3)).isEqualTo(1);
  }

  @Test
  void givenP3HeldOvernight_whenConsentIsWithdrawnBeforeMorning_thenNothingIsSent() throws Exception {
    Instant night = Instant.parse("2026-11-29T15:00:00Z");
    clock.set(night);
    var elder = fixtures.elder("何玉兰");
    long contact = fixtures.contact(elder, "何平", "13500000001", null, true, "SMS");
    fixtures.quietHours(contact, "22:00", "07:00");
    long alert = fixtures.raise(elder, "DEVICE_OFFLINE", "P3", night);
    notifier.runNow();

    fixtures.withdrawConsent(elder, contact);
    clock.set(Instant.parse("2026-11-29T23:00:00Z"));
    NotificationDispatcher.Round morning = notifier.runNow();

    assertThat(morning.skipped()).isEqualTo(1);
    assertThat(sms.requests()).isEmpty();
    assertThat(fixtures.outbox(alert)).containsExactly("ALERT_RAISED:SMS:SKIPPED:NO_CONSENT");
  }

  @Test
  void givenAlertClosedAsFalseAlarm_whenDispatched_thenTheFamilyHearsHowItEndedWithoutStaffNames() throws Exception {
    var elder = fixtures.elder("马秀英");
    long contact = fixtures.contact(elder, "马超", "13400000001", "ma.chao@family.example", true, "SMS", "EMAIL");
    fixtures.linkAccount(contact, "ma.chao.family", "en");
    fixtures.contact(elder, "马云", "13400000002", null, true, "SMS");
    long alert = fixtures.raise(elder, "FALL", "P1", AFTERNOON);
    notifier.runNow();
    long lateContact = fixtures.contact(elder, "马丁", "13400000003", null, true, "SMS");

    clock.advance(Duration.ofMinutes(9));
    fixtures.close(elder, alert, AlertStatus.FALSE_ALARM, Disposition.FALSE_ALARM_DEVICE, clock.instant());
    notifier.runNow();

    List<String> texts = sms.accepted().stream().map(r -> new JsonObject(r.body()))
        .filter(b -> b.getString("to").equals("13400000002")).map(b -> b.getString("text")).toList();
    assertThat(texts).hasSize(2);
    assertThat(texts.get(1)).contains("马秀英", "跌倒", "已由照护中心工作人员处理完毕", "经核实为设备误报")
        .doesNotContain("王芳");
    List<String> english = sms.accepted().stream().map(r -> new JsonObject(r.body()))
        .filter(b -> b.getString("to").equals("13400000001")).map(b -> b.getString("text")).toList();
    assertThat(english).hasSize(2);
    assertThat(english.get(0)).startsWith("[Anxin] Alert for your family member 马秀英: fall, at Nov 29, 14:00");
    assertThat(english.get(1)).contains("closed by the care centre's staff",
        "a false alarm of the device").doesNotContain("王芳");
    assertThat(smtp.getReceivedMessages()).hasSize(2);
    assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("[Anxin] 马秀英: the fall alert has been closed");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM notification_outbox WHERE contact_id = ?", lateContact))
        .as("a contact added after the raise is not told of the closing").isZero();
    assertThat(fixtures.outbox(alert)).filteredOn(r -> r.startsWith("ALERT_CLOSED"))
        .containsExactly("ALERT_CLOSED:SMS:DELIVERED", "ALERT_CLOSED:EMAIL:DELIVERED", "ALERT_CLOSED:SMS:DELIVERED");
  }

  @Test
  void givenP3RaiseHeldByQuietHours_whenTheAlertClosesBeforeMorning_thenOnlyTheClosingMessageIsSent()
      throws Exception {
    Instant night = Instant.parse("2026-11-29T16:00:00Z");
    clock.set(night);
    var elder = fixtures.elder("黄淑芬");
    long contact = fixtures.contact(elder, "黄磊", "13300000001", null, true, "SMS");
    fixtures.quietHours(contact, "22:00", "07:00");
    long alert = fixtures.raise(elder, "DEVICE_OFFLINE", "P3", night);
    notifier.runNow();
    clock.advance(Duration.ofMinutes(20));
    fixtures.close(elder, alert, AlertStatus.RESOLVED, Disposition.REAL_EVENT, clock.instant());
    notifier.runNow();

    clock.set(Instant.parse("2026-11-29T23:00:00Z"));
    notifier.runNow();

    assertThat(fixtures.outbox(alert)).containsExactly("ALERT_RAISED:SMS:SKIPPED:SUPERSEDED",
        "ALERT_CLOSED:SMS:DELIVERED");
    assertThat(sms.accepted()).hasSize(1);
    assertThat(new JsonObject(sms.accepted().get(0).body()).getString("text")).contains("设备离线", "已妥善处置");
  }

  @Test
  void givenChannelsNotBuiltAndMissingAddresses_whenPlanned_thenTheyAreRecordedAsSkipped() throws Exception {
    var elder = fixtures.elder("林凤英");
    fixtures.contact(elder, "林涛", null, null, true, "VOICE", "APP", "SMS", "EMAIL");
    long alert = fixtures.raise(elder, "FALL", "P1", AFTERNOON);

    NotificationDispatcher.Round round = notifier.runNow();

    assertThat(round.total()).isZero();
    assertThat(fixtures.outbox(alert)).containsExactlyInAnyOrder("ALERT_RAISED:VOICE:SKIPPED:CHANNEL_NOT_BUILT",
        "ALERT_RAISED:APP:SKIPPED:NO_ADDRESS", "ALERT_RAISED:SMS:SKIPPED:NO_ADDRESS",
        "ALERT_RAISED:EMAIL:SKIPPED:NO_ADDRESS");
  }

  @Test
  void givenAlertMovedOn_whenPlanned_thenOnlyWebhooksHearOfTheStatusChange() throws Exception {
    var elder = fixtures.elder("高桂兰");
    fixtures.contact(elder, "高原", "13200000001", null, true, "SMS");
    fixtures.webhook(elder.siteId(), hooks.url("/alerts"), SECRET);
    long alert = fixtures.raise(elder, "FALL", "P1", AFTERNOON);
    notifier.runNow();
    fixtures.move(elder, alert, AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, null, AFTERNOON.plusSeconds(40));

    notifier.runNow();

    assertThat(fixtures.outbox(alert)).containsExactly("ALERT_RAISED:SMS:DELIVERED",
        "ALERT_RAISED:WEBHOOK:DELIVERED", "ALERT_CHANGED:WEBHOOK:DELIVERED");
    JsonObject changed = new JsonObject(hooks.accepted().get(1).body());
    assertThat(changed.getString("event")).isEqualTo("alert.changed");
    assertThat(changed.getJsonObject("alert").getString("status")).isEqualTo("ACKNOWLEDGED");
    assertThat(changed.getJsonObject("alert").getString("previousStatus")).isEqualTo("OPEN");
  }
}
