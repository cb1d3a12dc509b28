package cn.anxin.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.escalation.EscalationTimers;
import cn.anxin.platform.testing.MutableClock;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation messages leave through the outbox like every other: the supervisor's SMS and e-mail
 * name the elder and how long the alert waited, the family hears that the supervisor was told, and
 * the bureau's address hears about the site and the alert without the elder's name.
 */
class EscalationDeliveryTest {

  private static final Instant AFTERNOON = Instant.parse("2026-11-29T06:00:00Z");

  private Vertx vertx;
  private GreenMail smtp;
  private HttpReceiver sms;
  private HikariDataSource db;
  private final MutableClock clock = new MutableClock(AFTERNOON, ZoneOffset.UTC);
  private Notifications notifier;
  private EscalationTimers escalations;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    sms = HttpReceiver.start();
    db = TestDatabases.fresh();
    notifier = Notifications.create(vertx, db, clock, NotifyOptions.defaults()
        .withSms(new SmsOptions(URI.create(sms.url("/sms")), "sms-token"))
        .withSmtp(new SmtpOptions("127.0.0.1", smtp.getSmtp().getPort(), null, null, "notify@anxin.example", false)));
    escalations = new EscalationTimers(vertx, db, vertx.createSharedWorkerExecutor("esc-delivery", 1), clock,
        EscalationTimers.DEFAULT_PERIOD_MILLIS);
  }

  @AfterEach
  void stop() throws Exception {
    notifier.stop();
    smtp.stop();
    sms.close();
    db.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void givenAP1NobodyHandles_whenItEscalatesTwice_thenSupervisorFamilyAndBureauGetTheirOwnWords() throws Exception {
    NotifyFixtures fixtures = new NotifyFixtures(db);
    var elder = fixtures.elder("张桂英");
    fixtures.contact(elder, "李娜", "13812345678", null, true, "SMS");
    long supervisor = TestAccounts.create(db, "sup.delivery", Role.SUPERVISOR, elder.siteId());
    fixtures.update("UPDATE account SET phone = '13900001111', email = 'sup@centre.example' WHERE id = ?", supervisor);
    fixtures.update("INSERT INTO escalation_policy (site_id, version, document, created_at)"
        + " VALUES (?, 1, '{\"bureauEmails\": [\"command@mzj.example.gov.cn\"]}'::jsonb, now())", elder.siteId());
    fixtures.raise(elder, "FALL", "P1", AFTERNOON);
    escalations.fireDue();
    notifier.runNow();
    sms.clear();

    clock.advance(Duration.ofSeconds(60));
    escalations.fireDue();
    notifier.runNow();

    List<JsonObject> texts = sms.accepted().stream().map(r -> new JsonObject(r.body())).toList();
    assertThat(texts).extracting(t -> t.getString("to")).containsExactlyInAnyOrder("13900001111", "13812345678");
    String toSupervisor = texts.stream().filter(t -> t.getString("to").equals("13900001111")).findFirst()
        .orElseThrow().getString("text");
    assertThat(toSupervisor).contains("张桂英", "跌倒", "60 秒", "无人确认", "测试日间照料中心");
    String toFamily = texts.stream().filter(t -> t.getString("to").equals("13812345678")).findFirst()
        .orElseThrow().getString("text");
    assertThat(toFamily).contains("张桂英", "主管").doesNotContain("测试日间照料中心", "13900001111");
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("sup@centre.example");

    clock.advance(Duration.ofMinutes(29));
    escalations.fireDue();
    notifier.runNow();

    MimeMessage bureau = java.util.Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> {
          try {
            return m.getAllRecipients()[0].toString().equals("command@mzj.example.gov.cn");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }).findFirst().orElseThrow();
    assertThat(bureau.getSubject()).contains("P1", "测试日间照料中心");
    assertThat(((String) bureau.getContent())).contains("30 分钟", "指挥中心").doesNotContain("张桂英");
  }
}
