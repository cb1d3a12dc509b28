package cn.anxin.platform.meals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A station's monthly settlement, from its meal records of the month (by service day): per day the
 * meals, diners, subsidised meals, price, the subsidy the readers applied, the subsidy granted (what
 * the bureau pays the station) and what the diners paid, with a total line; and per diner the meals
 * and amounts (swipes of unregistered cards on one line). Amounts in yuan with two decimals.
 */
public final class Settlement {

  /** Headers of the per-day sheet. */
  public static final List<String> DAY_HEADERS = List.of(
      "日期", "就餐人次", "就餐人数", "补贴人次", "餐费合计(元)", "终端申报补贴(元)", "核定补贴(元)", "老人实付(元)");
  /** Headers of the per-diner sheet. */
  public static final List<String> DINER_HEADERS = List.of(
      "老人编号", "姓名", "就餐人次", "餐费合计(元)", "核定补贴(元)", "老人实付(元)");
  public static final String TOTAL = "合计";
  public static final String UNREGISTERED = "未登记卡";

  /** The month's lines, and the elders named in them. */
  public record Lines(List<List<Object>> days, List<List<Object>> diners, Set<Long> elderIds) {}

  public Lines read(Connection c, long stationSiteId, YearMonth month) throws SQLException {
    LocalDate from = month.atDay(1);
    LocalDate to = month.atEndOfMonth();
    List<List<Object>> days = new ArrayList<>();
    long[] total = new long[7];
    try (PreparedStatement s = c.prepareStatement("SELECT service_day, meals, diners, subsidised_meals, price_fen,"
        + " claimed_subsidy_fen, subsidy_fen, paid_fen FROM meal_station_day"
        + " WHERE station_site_id = ? AND service_day BETWEEN ? AND ? ORDER BY service_day")) {
      s.setLong(1, stationSiteId);
      s.setObject(2, from);
      s.setObject(3, to);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long[] v = new long[7];
          for (int i = 0; i < 7; i++) {
            v[i] = r.getLong(i + 2);
            total[i] += v[i];
          }
          days.add(line(r.getObject(1, LocalDate.class).toString(), v));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT count(DISTINCT elder_id) FROM meal_record"
        + " WHERE station_site_id = ? AND service_day BETWEEN ? AND ?")) {
      s.setLong(1, stationSiteId);
      s.setObject(2, from);
      s.setObject(3, to);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        total[1] = r.getLong(1);
      }
    }
    days.add(line(TOTAL, total));
    List<List<Object>> diners = new ArrayList<>();
    Set<Long> elders = new TreeSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT r.elder_id, e.code,"
        + " CASE WHEN e.erased_at IS NULL THEN e.name END, count(*), sum(r.price_fen), sum(r.subsidy_fen),"
        + " sum(r.paid_fen) FROM meal_record r LEFT JOIN elder e ON e.id = r.elder_id"
        + " WHERE r.station_site_id = ? AND r.service_day BETWEEN ? AND ?"
        + " GROUP BY r.elder_id, e.code, e.name, e.erased_at ORDER BY e.code NULLS LAST")) {
      s.setLong(1, stationSiteId);
      s.setObject(2, from);
      s.setObject(3, to);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Long elder = (Long) r.getObject(1, Long.class);
          List<Object> l = new ArrayList<>();
          if (elder == null) {
            l.add(UNREGISTERED);
            l.add("");
          } else {
            elders.add(elder);
            l.add(r.getString(2));
            l.add(r.getString(3) == null ? "" : r.getString(3));
          }
          l.add(r.getLong(4));
          l.add(yuan(r.getLong(5)));
          l.add(yuan(r.getLong(6)));
          l.add(yuan(r.getLong(7)));
          diners.add(l);
        }
      }
    }
    return new Lines(days, diners, elders);
  }

  /** The settlement as an XLSX workbook: sheets 汇总 and 就餐明细, headers on the first row. */
  public byte[] xlsx(Lines lines, String stationName, YearMonth month) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Workbook wb = new Workbook(out, "Anxin", "1.0");
    sheet(wb.newWorksheet("汇总"), DAY_HEADERS, lines.days());
    sheet(wb.newWorksheet("就餐明细"), DINER_HEADERS, lines.diners());
    Worksheet about = wb.newWorksheet("说明");
    about.value(0, 0, "助餐点");
    about.value(0, 1, stationName);
    about.value(1, 0, "结算月份");
    about.value(1, 1, month.toString());
    about.value(2, 0, "金额单位");
    about.value(2, 1, "元；核定补贴为平台按补贴政策核定的金额，暂扣的补贴不计入");
    wb.finish();
    return out.toByteArray();
  }

  /** The settlement as CSV (UTF-8 with BOM for spreadsheet programs): the per-day lines, a blank line, the diners. */
  public byte[] csv(Lines lines) {
    StringBuilder b = new StringBuilder("\uFEFF");
    csvLines(b, DAY_HEADERS, lines.days());
    b.append("\r\n");
    csvLines(b, DINER_HEADERS, lines.diners());
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void sheet(Worksheet ws, List<String> headers, List<List<Object>> rows) {
    for (int i = 0; i < headers.size(); i++) {
      ws.value(0, i, headers.get(i));
      ws.style(0, i).bold().set();
    }
    for (int r = 0; r < rows.size(); r++) {
      List<Object> row = rows.get(r);
      for (int i = 0; i < row.size(); i++) {
        Object v = row.get(i);
        if (v instanceof Number n) {
          ws.value(r + 1, i, n);
        } else {
          ws.value(r + 1, i, String.valueOf(v));
        }
      }
    }
  }

  private static void csvLines(StringBuilder b, List<String> headers, List<List<Object>> rows) {
    b.append(String.join(",", headers)).append("\r\n");
    for (List<Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : row) {
        String text = v instanceof BigDecimal d ? d.toPlainString()
            : v instanceof Number ? String.valueOf(v) : inert(String.valueOf(v));
        cells.add(text.matches("[^\",\\r\\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"");
      }
      b.append(String.join(",", cells)).append("\r\n");
    }
  }

  /**
   * Text a spreadsheet will not run: a cell starting with = + - @ or a tab or carriage return is a
   * formula to Excel and WPS, so it gets a leading apostrophe (names and codes come from imports).
   */
  static String inert(String text) {
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }

  private static List<Object> line(String label, long[] v) {
    List<Object> l = new ArrayList<>();
    l.add(label);
    l.add(v[0]);
    l.add(v[1]);
    l.add(v[2]);
    l.add(yuan(v[3]));
    l.add(yuan(v[4]));
    l.add(yuan(v[5]));
    l.add(yuan(v[6]));
    return l;
  }

  static BigDecimal yuan(long fen) {
    return BigDecimal.valueOf(fen, 2);
  }
}
