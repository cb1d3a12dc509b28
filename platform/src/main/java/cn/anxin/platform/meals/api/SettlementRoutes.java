package cn.anxin.platform.meals.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.meals.Settlement;
import cn.anxin.platform.privacy.AccessAudit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.util.List;

/** GET a station's monthly settlement as XLSX or CSV. */
final class SettlementRoutes implements ApiModule {

  private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final Settlement settlement = new Settlement();

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getMealSettlement", (request, c) -> {
      long station = request.pathLong("siteId");
      String name = Stations.visible(c, request.principal(), station);
      String code;
      try (PreparedStatement s = c.prepareStatement("SELECT code FROM site WHERE id = ?")) {
        s.setLong(1, station);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          code = r.getString(1);
        }
      }
      YearMonth month = YearMonth.parse(request.query("month").orElseThrow());
      boolean csv = request.query("format").orElse("xlsx").equals("csv");
      Settlement.Lines lines = settlement.read(c, station, month);
      if (!lines.elderIds().isEmpty()) {
        AccessAudit.record(c, request, "MEAL_SETTLEMENT", lines.elderIds(), List.of("name", "meals"),
            "meal-settlement");
      }
      String file = "助餐结算-" + code + "-" + month + (csv ? ".csv" : ".xlsx");
      byte[] body = csv ? settlement.csv(lines) : settlement.xlsx(lines, name, month);
      return ApiReply.bytes(200, body, csv ? "text/csv; charset=UTF-8" : XLSX)
          .withHeader("Cache-Control", "no-store")
          .withHeader("Content-Disposition", "attachment; filename*=UTF-8''"
              + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20"));
    });
  }
}
