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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The staff alert board in two real browsers at once, two staff members of one centre: moves made
 * through the console's buttons, seen live on the other board; a move on a row the other console
 * had not yet seen change comes back as the server's conflict message; closing with a disposition;
 * a supervisor sending a responder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffBoardBrowserTest {

  private CompletableFuture<ConsoleBrowser> one;
  private CompletableFuture<ConsoleBrowser> two;
  private HikariDataSource db;
  private RunningStack stack;
  private ConsoleFixtures fixtures;
  private ConsoleBrowser first;
  private ConsoleBrowser second;
  private long siteId;
  private long firstStaffId;
  private int elders;
  private final Map<Long, Integer> radars = new HashMap<>();

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(ConsoleBrowser.installed(),
        "Chromium or its driver is not installed (Debian packages chromium and chromium-driver); CI installs them");
    one = ConsoleBrowser.launch("board-first");
    two = ConsoleBrowser.launch("board-second");
    db = TestDatabases.fresh();
    stack = RunningStack.start(db);
    fixtures = new ConsoleFixtures(db, stack);
    siteId = fixtures.siteOf(TestRegistry.elderWithRadar(db, "站点占位", "radar-board-site", "s3cret-site"));
    firstStaffId = TestAccounts.create(db, "board.first", Role.STAFF, siteId);
    TestAccounts.create(db, "board.second", Role.STAFF, siteId);
    TestAccounts.create(db, "board.supervisor", Role.SUPERVISOR, siteId);
    String base = "http://127.0.0.1:" + stack.httpPort();
    first = one.join().at(base);
    second = two.join().at(base);
  }

  @AfterAll
  void stop() throws Exception {
    if (first == null && one != null) {
      first = one.exceptionally(e -> null).join();
    }
    if (second == null && two != null) {
      second = two.exceptionally(e -> null).join();
    }
    try (ConsoleBrowser a = first; ConsoleBrowser b = second; RunningStack s = stack; HikariDataSource d = db) {
      // closed in reverse order
    }
  }

  @AfterEach
  void keepPictures(TestInfo test) throws Exception {
    String name = test.getTestMethod().orElseThrow().getName();
    if (first != null) {
      first.screenshot(name + "-first");
      assertThat(first.errors()).as("script errors in the first console").isEmpty();
    }
    if (second != null) {
      second.screenshot(name + "-second");
      assertThat(second.errors()).as("script errors in the second console").isEmpty();
    }
  }

  /** A new elder of the shared centre with a fall radar; returns the elder id. */
  private long elder(String name) throws Exception {
    elders++;
    long id = TestRegistry.elderWithRadar(db, name, "radar-board-" + elders, "s3cret-" + elders);
    fixtures.moveElder(id, siteId);
    radars.put(id, elders);
    return id;
  }

  /** A fall from the elder's radar; returns the alert raised. */
  private long fall(long elderId) throws Exception {
    int n = radars.get(elderId);
    fixtures.publishFall("radar-board-" + n, "s3cret-" + n, "fall-" + System.nanoTime());
    return stack.awaitOpenAlertFor(elderId).getLong("id");
  }

  @Test
  void givenTwoStaffBoardsOpen_whenOneAcknowledgesThroughItsButton_thenTheOtherBoardShowsItLive() throws Exception {
    long elderId = elder("赵秀英");
    bothSignedIn("board.first", "board.second");
    second.js("window.__marker = 7;");

    long alertId = fall(elderId);
    Board.awaitRow(first, alertId);
    Board.awaitRow(second, alertId);
    assertThat(Board.cells(second, alertId)).startsWith("P1", "跌倒", "赵秀英");
    Board.click(first, alertId, "ACKNOWLEDGED");

    await().atMost(ConsoleBrowser.PATIENCE).until(() -> Board.status(second, alertId), "已确认"::equals);
    assertThat(second.js("return window.__marker;")).as("the second board was not reloaded").isEqualTo(7L);
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> Board.status(first, alertId), "已确认"::equals);
    assertThat(Board.moves(first, alertId)).as("the moves left after acknowledging")
        .containsExactly("CALLING", "DISPATCHED", "ON_SITE", "RESOLVED", "FALSE_ALARM");
    JsonObject alert = stack.admin().get("/api/alerts/" + alertId).json();
    assertThat(alert.getString("status")).isEqualTo("ACKNOWLEDGED");
    first.screenshot("page-board");
  }

  @Test
  void givenARowTheSecondConsoleHasNotSeenChange_whenItActsOnIt_thenItShowsWhoChangedItAndRefreshesTheRow()
      throws Exception {
    long elderId = elder("钱桂兰");
    bothSignedIn("board.first", "board.second");
    long alertId = fall(elderId);
    Board.awaitRow(first, alertId);
    // The second console loses its live stream and keeps the row as it was.
    second.driver().executeCdpCommand("Network.enable", Map.of());
    second.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/alerts/stream*")));
    try {
      second.driver().navigate().refresh();
      Board.awaitRow(second, alertId);
      assertThat(second.text("#live")).isEqualTo("正在连接…");

      Board.click(first, alertId, "ACKNOWLEDGED");
      await().atMost(ConsoleBrowser.PATIENCE).until(() -> Board.status(first, alertId), "已确认"::equals);
      assertThat(Board.status(second, alertId)).as("the stale row").isEqualTo("待处理");
      Board.click(second, alertId, "ACKNOWLEDGED");

      String message = second.awaitText("#board-notice .notice-text", s -> !s.isEmpty());
      assertThat(message).contains("测试 board.first").contains("已确认").contains("请刷新后再操作");
      await().atMost(ConsoleBrowser.PATIENCE).until(() -> Board.status(second, alertId), "已确认"::equals);
      assertThat(TestRegistry.count(db,
          "SELECT count(*) FROM alert_transition WHERE alert_id = ? AND to_status = 'ACKNOWLEDGED'", alertId))
          .as("one acknowledgement written").isEqualTo(1);
      second.screenshot("page-board-conflict");
    } finally {
      second.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
      second.driver().executeCdpCommand("Network.disable", Map.of());
    }
  }

  @Test
  void givenAnOpenAlert_whenResolvedWithADispositionFromTheBoard_thenItLeavesBothBoardsAndItsHistoryShowsTheOutcome()
      throws Exception {
    long elderId = elder("孙玉梅");
    bothSignedIn("board.first", "board.second");
    long alertId = fall(elderId);
    Board.awaitRow(first, alertId);
    Board.awaitRow(second, alertId);

    Board.click(first, alertId, "RESOLVED");
    first.find("dialog.move-dialog input[name=disposition][value=REAL_EVENT]").click();
    first.find("dialog.move-dialog textarea[name=note]").sendKeys("已上门查看，老人无碍");
    first.screenshot("page-board-resolve-dialog");
    first.find("dialog.move-dialog button[type=submit]").click();

    await().atMost(ConsoleBrowser.PATIENCE).until(() -> Board.row(first, alertId) == null && Board.row(second, alertId) == null);
    JsonObject alert = stack.admin().get("/api/alerts/" + alertId).json();
    assertThat(alert.getString("status")).isEqualTo("RESOLVED");
    assertThat(alert.getString("disposition")).isEqualTo("REAL_EVENT");
    assertThat(alert.getString("closingNote")).isEqualTo("已上门查看，老人无碍");
    assertThat(first.findAll("dialog.move-dialog")).as("the dialog closed").isEmpty();

    first.go("#/alerts/" + alertId);
    String timeline = first.awaitText("#timeline", s -> s.contains("已处置"));
    assertThat(timeline).contains("系统生成告警").contains("待处理 → 已处置").contains("真实事件，已处置")
        .contains("测试 board.first").contains("已上门查看，老人无碍").contains("触发本告警");
    assertThat(first.text("#alert-status")).isEqualTo("已处置");
    assertThat(first.findAll("#alert .actions button")).as("no moves once closed").isEmpty();
    first.screenshot("page-alert-timeline");
  }

  @Test
  void givenAStaffMemberOnDutyNearby_whenTheSupervisorDispatchesFromTheBoard_thenThatResponderIsSent() throws Exception {
    long elderId = elder("周德明");
    fixtures.placeElder(elderId, 101.5420, 25.0361);
    assertThat(stack.signIn("board.first").put("/api/me/duty", new JsonObject().put("onDuty", true)
        .put("location", new JsonObject().put("lon", 101.5458).put("lat", 25.0335))).status()).isEqualTo(200);
    first.signIn("board.supervisor", TestAccounts.PASSWORD);
    assertThat(first.js("return location.hash;")).as("a supervisor lands on the board").isEqualTo("#/board");
    first.awaitLive();
    long alertId = fall(elderId);
    Board.awaitRow(first, alertId);

    Board.click(first, alertId, "DISPATCHED");
    String responder = "dialog.move-dialog input[name=assignee][value=\"" + firstStaffId + "\"]";
    await().atMost(ConsoleBrowser.PATIENCE).until(() -> !first.findAll(responder).isEmpty());
    assertThat(first.text("dialog.move-dialog")).contains("我自己（测试 board.supervisor）").contains("测试 board.first");
    first.screenshot("page-board-dispatch-dialog");
    first.find(responder).click();
    first.find("dialog.move-dialog button[type=submit]").click();

    await().atMost(ConsoleBrowser.PATIENCE).until(() -> Board.status(first, alertId), "已派单"::equals);
    JsonObject alert = stack.admin().get("/api/alerts/" + alertId).json();
    assertThat(alert.getString("status")).isEqualTo("DISPATCHED");
    assertThat(alert.getJsonObject("assignee").getLong("id")).isEqualTo(firstStaffId);
  }

  private void bothSignedIn(String a, String b) {
    first.enter(stack.signIn(a).token());
    second.enter(stack.signIn(b).token());
    first.awaitLive();
    second.awaitLive();
    assertThat(first.js("return location.hash;")).isEqualTo("#/board");
  }
}
