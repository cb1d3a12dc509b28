package cn.anxin.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The staff board in a real browser while PostgreSQL is unreachable: a fall comes by the safety
 * lane as a row marked "待入库", and the stored alert takes its place once the database is back.
 */
class ProvisionalBoardBrowserTest {

  @Test
  void givenTheDatabaseIsDown_whenARadarReportsAFall_thenTheBoardShowsItNotYetStored_untilTheStoredAlertReplacesIt()
      throws Exception {
    Assumptions.assumeTrue(ConsoleBrowser.installed(),
        "Chromium or its driver is not installed (Debian packages chromium and chromium-driver); CI installs them");
    HikariDataSource db = TestDatabases.fresh();
    try (ConsoleBrowser browser = ConsoleBrowser.launch("board-provisional").join();
        RunningStack stack = RunningStack.start(db)) {
      long elder = TestRegistry.elderWithRadar(db, "周桂兰", "radar-board-lane", "s3cret-lane");
      long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
      TestAccounts.create(db, "board.lane", Role.STAFF, site);
      await().atMost(ConsoleBrowser.PATIENCE)
          .until(() -> stack.stack().safetyBindings().of("radar-board-lane").isPresent());
      ConsoleBrowser board = browser.at("http://127.0.0.1:" + stack.httpPort());
      board.enter(stack.signIn("board.lane").token());
      board.awaitLive();
      MqttClient radar = stack.connectV3("radar-board-lane", "s3cret-lane");
      radar.setTimeToWait(2_000);

      TestDatabases.cutOff(db);
      try {
        radar.publish(Payloads.fallTopic("radar-board-lane"), Payloads.qos1(Payloads.fallBytes("board-lane-1")));
      } catch (MqttException expected) {
        // no PUBACK while the database is down
      }

      Map<String, Object> provisional = await().atMost(ConsoleBrowser.PATIENCE).until(() -> row(board), r -> r != null);
      assertThat((String) provisional.get("className")).contains("provisional", "P1", "new");
      @SuppressWarnings("unchecked")
      List<String> cells = (List<String>) provisional.get("cells");
      assertThat(cells).startsWith("P1", "跌倒", "周桂兰");
      assertThat(cells.get(7)).isEqualTo("待入库");
      board.awaitText("#announcer", text -> text.contains("周桂兰"));
      board.screenshot("board-provisional");

      TestDatabases.reopen(db);
      long alertId = stack.awaitOpenAlertFor(elder).getLong("id");
      Board.awaitRow(board, alertId);
      await().atMost(ConsoleBrowser.PATIENCE).until(() -> row(board) == null);
      assertThat(Board.cells(board, alertId)).startsWith("P1", "跌倒", "周桂兰");
      assertThat(board.errors()).isEmpty();
      board.screenshot("board-provisional-stored");
      radar.close(true);
    } finally {
      TestDatabases.reopen(db);
      db.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> row(ConsoleBrowser browser) {
    return (Map<String, Object>) browser.js("""
        var tr = document.querySelector("#alerts tbody tr.provisional");
        if (!tr) { return null; }
        return { className: tr.className,
                 cells: Array.from(tr.cells).map(function (td) { return td.innerText.trim(); }) };
        """);
  }
}
