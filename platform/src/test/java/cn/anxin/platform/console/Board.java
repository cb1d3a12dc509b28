package cn.anxin.platform.console;

import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;

/** Reading and pressing the staff board's rows, each read in one script so a re-render cannot split it. */
final class Board {

  private Board() {}

  private static String rowSelector(long alertId) {
    return "#alerts tbody tr[data-alert-id=\"" + alertId + "\"]";
  }

  /** The row's class and cell texts, or null when the alert has no row. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> row(ConsoleBrowser browser, long alertId) {
    return (Map<String, Object>) browser.js("""
        var tr = document.querySelector(arguments[0]);
        if (!tr) { return null; }
        return { className: tr.className,
                 cells: Array.from(tr.cells).map(function (td) { return td.innerText.trim(); }),
                 moves: Array.from(tr.querySelectorAll("button[data-move]")).map(function (b) { return b.dataset.move; }) };
        """, rowSelector(alertId));
  }

  static Map<String, Object> awaitRow(ConsoleBrowser browser, long alertId) {
    return await().atMost(ConsoleBrowser.PATIENCE).until(() -> row(browser, alertId), r -> r != null);
  }

  @SuppressWarnings("unchecked")
  static List<String> cells(ConsoleBrowser browser, long alertId) {
    Map<String, Object> row = row(browser, alertId);
    return row == null ? null : (List<String>) row.get("cells");
  }

  /** The status column's text, or null without a row. */
  static String status(ConsoleBrowser browser, long alertId) {
    List<String> cells = cells(browser, alertId);
    return cells == null ? null : cells.get(7);
  }

  @SuppressWarnings("unchecked")
  static List<String> moves(ConsoleBrowser browser, long alertId) {
    return (List<String>) row(browser, alertId).get("moves");
  }

  /** Presses a move's button on the alert's row (found again if the row was just rebuilt). */
  static void click(ConsoleBrowser browser, long alertId, String move) {
    await().atMost(ConsoleBrowser.PATIENCE).ignoreExceptions().untilAsserted(() ->
        browser.driver().findElement(By.cssSelector(rowSelector(alertId) + " button[data-move=\"" + move + "\"]")).click());
  }
}
