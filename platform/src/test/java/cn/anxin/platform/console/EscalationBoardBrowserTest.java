package cn.anxin.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The staff board in a real browser shows an alert's escalation level as soon as it rises, over the
 * live stream, without a reload (the site's P1 acknowledgement limit is set to 10 s for the test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscalationBoardBrowserTest {

  private ConsoleBrowser browser;
  private HikariDataSource db;
  private RunningStack stack;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(ConsoleBrowser.installed(),
        "Chromium or its driver is not installed (Debian packages chromium and chromium-driver); CI installs them");
    browser = ConsoleBrowser.launch("board-escalation").join();
    db = TestDatabases.fresh();
    stack = RunningStack.start(db);
    browser = browser.at("http://127.0.0.1:" + stack.httpPort());
  }

  @AfterAll
  void stop() throws Exception {
    try (ConsoleBrowser b = browser; RunningStack s = stack; HikariDataSource d = db) {
      // closed in reverse order
    }
  }

  @Test
  void givenAnOpenBoard_whenAP1WaitsPastItsLimit_thenItsRowShowsTheEscalationLive() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "孙桂芝", "radar-board-esc", "s3cret-esc");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    TestAccounts.create(db, "board.escalation", Role.STAFF, site);
    JsonObject p1 = new JsonObject().put("acknowledgeSeconds", 10).put("reminderSeconds", null);
    assertThat(stack.admin().put("/api/sites/" + site + "/escalation", new JsonObject()
        .put("policy", new JsonObject().put("severities", new JsonObject().put("P1", p1)))).status()).isEqualTo(200);
    browser.enter(stack.signIn("board.escalation").token());
    browser.awaitLive();
    browser.js("window.__marker = 11;");

    new ConsoleFixtures(db, stack).publishFall("radar-board-esc", "s3cret-esc", "esc-fall-1");
    long alertId = stack.awaitOpenAlertFor(elder).getLong("id");
    Board.awaitRow(browser, alertId);
    assertThat(Board.cells(browser, alertId).get(0)).isEqualTo("P1");

    await().atMost(Duration.ofSeconds(30)).until(() -> Board.cells(browser, alertId).get(0), "P1 已升级：主管"::equals);
    assertThat(browser.js("return window.__marker;")).as("not reloaded").isEqualTo(11L);
    assertThat(browser.errors()).isEmpty();
    browser.screenshot("board-escalated");
  }
}
