package cn.anxin.platform.supervision;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.Messages;
import cn.anxin.platform.rules.RuleEngine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;

/**
 * The supervision indicators over HTTP, for the console's overview and anyone checking a figure:
 * {@code GET /api/indicators?area=&month=} gives the headline figures with what each was computed
 * from; {@code GET /api/indicators/{view}?area=&month=} gives the rows of one indicator view.
 * Aggregates only: no elder is named, so nothing here is audited as a read of personal data.
 */
public final class IndicatorRoutes implements ApiModule {

  /** The views a caller may read, each with whether it has a month column. */
  static final List<String> MONTHLY = List.of("indicator_response", "indicator_alert_quality",
      "indicator_alert_rate", "indicator_sensitive_reads", "indicator_visit_rate", "indicator_meals");
  static final List<String> CURRENT = List.of("indicator_daycare_coverage", "indicator_service_circle",
      "indicator_monitoring_coverage", "indicator_device_online", "indicator_institution", "indicator_nursing_beds",
      "indicator_consent");
  /** Views not broken down by area: the area asked is ignored for them. */
  static final List<String> WITHOUT_AREA = List.of("indicator_alert_quality", "indicator_sensitive_reads");
  private static final int MAX_ROWS = 2000;

  private final Clock clock;

  public IndicatorRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("getIndicators", (request, c) -> {
      String area = request.query("area").orElse(null);
      LocalDate month = month(request.query("month").orElse(null));
      JsonArray figures = new JsonArray();
      for (Headline h : Headlines.ALL) {
        figures.add(json(h.read(c, area, month), request.locale()));
      }
      return ApiReply.ok(new JsonObject().put("area", area).put("month", YearMonth.from(month).toString())
          .put("figures", figures));
    });
    routes.blocking("getIndicatorView", (request, c) -> {
      String view = request.path("view");
      boolean monthly = MONTHLY.contains(view);
      if (!monthly && !CURRENT.contains(view)) {
        throw ApiProblem.notFound();
      }
      String area = request.query("area").orElse(null);
      LocalDate month = monthly ? month(request.query("month").orElse(null)) : null;
      return ApiReply.ok(new JsonObject().put("view", view).put("area", area)
          .put("month", month == null ? null : YearMonth.from(month).toString())
          .put("rows", rows(c, view, area, month)));
    });
  }

  private LocalDate month(String asked) {
    YearMonth m = asked == null ? YearMonth.now(clock.withZone(RuleEngine.CARE_ZONE)) : YearMonth.parse(asked);
    return m.atDay(1);
  }

  private static JsonObject json(Headline.Figure f, Locale locale) {
    Headline h = f.headline();
    return new JsonObject()
        .put("code", h.code())
        .put("name", Messages.text(locale, "indicators." + h.code()))
        .put("definition", Messages.text(locale, "indicators." + h.code() + ".definition"))
        .put("unit", h.unit().name())
        .put("value", number(f.value()))
        .put("numerator", number(f.numerator()))
        .put("denominator", number(f.denominator()))
        .put("target", number(h.target()))
        .put("view", h.view());
  }

  private static JsonArray rows(Connection c, String view, String area, LocalDate month) throws SQLException {
    boolean byArea = !WITHOUT_AREA.contains(view);
    String sql = "SELECT * FROM " + view + " WHERE true"
        + (byArea ? " AND (?::text IS NULL OR county_code LIKE ? || '%')" : "")
        + (month == null ? "" : " AND month = ?") + " ORDER BY 1, 2 LIMIT " + MAX_ROWS;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (byArea) {
        s.setString(i++, area);
        s.setString(i++, area);
      }
      if (month != null) {
        s.setDate(i, Date.valueOf(month));
      }
      try (ResultSet r = s.executeQuery()) {
        ResultSetMetaData meta = r.getMetaData();
        JsonArray rows = new JsonArray();
        while (r.next()) {
          JsonObject row = new JsonObject();
          for (int col = 1; col <= meta.getColumnCount(); col++) {
            row.put(meta.getColumnLabel(col), value(r.getObject(col)));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  private static Object value(Object v) {
    if (v instanceof BigDecimal d) {
      return number(d);
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toString();
    }
    return v;
  }

  private static Number number(BigDecimal d) {
    if (d == null) {
      return null;
    }
    return d.scale() <= 0 && d.precision() < 18 ? (Number) d.longValue() : (Number) d.doubleValue();
  }
}
