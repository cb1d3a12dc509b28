package cn.anxin.platform.supervision;

import cn.anxin.platform.supervision.Headline.Unit;
import java.math.BigDecimal;
import java.util.List;

/**
 * The figures of the bureau's overview, in the order DOMAIN.md lists what the bureau supervises:
 * coverage, response, alert quality, visits, meals, institutions, privacy. Each reads one indicator view.
 */
final class Headlines {

  static final List<Headline> ALL = List.of(
      share("daycareCoverage", "indicator_daycare_coverage", "sum(covered)", "sum(communities)", null, false, "0.90"),
      share("serviceCircle", "indicator_service_circle", "sum(within)", "sum(elders)", null, false, null),
      share("monitoringCoverage", "indicator_monitoring_coverage", "sum(monitored)", "sum(elders)",
          "priority_group = 'ANY'", false, null),
      share("deviceOnline", "indicator_device_online", "sum(online)", "sum(devices)", null, false, null),
      share("p1Acknowledged60s", "indicator_response", "sum(acknowledged_60s)", "sum(alerts)", "severity = 'P1'",
          true, null),
      seconds("p1MedianAckSeconds", "percentile_cont(0.5) WITHIN GROUP (ORDER BY ack_seconds)", "severity = 'P1'"),
      seconds("p1MedianArriveSeconds", "percentile_cont(0.5) WITHIN GROUP (ORDER BY arrive_seconds)",
          "severity = 'P1'"),
      share("closedLoopRate", "indicator_response", "sum(closed)", "sum(alerts)", null, true, null),
      share("falseAlarmRatio", "alert_response", "count(*) FILTER (WHERE status = 'FALSE_ALARM')",
          "count(*) FILTER (WHERE closed)", null, true, null),
      new Headline("alertsPer100Elders", Unit.PER_100, "indicator_alert_rate", "sum(alerts)", "sum(elders)", null,
          true, null),
      count("confirmedFalls", "indicator_alert_rate", "sum(confirmed_falls)", true),
      count("rescues", "indicator_alert_rate", "sum(rescues)", true),
      share("visitRate", "indicator_visit_rate", "sum(visited)", "sum(elders)", null, true, "1"),
      count("meals", "indicator_meals", "sum(meals)", true),
      count("mealSubsidyYuan", "indicator_meals", "round(sum(subsidy_fen) / 100.0, 2)", true),
      share("priorityMealShare", "indicator_meals", "sum(priority_meals)", "sum(meals)", null, true, null),
      new Headline("mealFlagsPer1000", Unit.PER_1000, "indicator_meals", "sum(flags)", "sum(meals)", null, true,
          null),
      share("nursingBedShare", "indicator_nursing_beds", "sum(nursing_beds)", "sum(beds)", null, false, "0.55"),
      count("overdueReassessments", "indicator_institution", "sum(overdue_reassessments)", false),
      share("familyConsent", "indicator_consent", "sum(consenting)", "sum(elders)", "purpose = 'NOTIFY_FAMILY'",
          false, null));

  private Headlines() {}

  private static Headline share(String code, String view, String numerator, String denominator, String where,
      boolean monthly, String target) {
    return new Headline(code, Unit.SHARE, view, numerator, denominator, where, monthly,
        target == null ? null : new BigDecimal(target));
  }

  private static Headline seconds(String code, String expression, String where) {
    return new Headline(code, Unit.SECONDS, "alert_response", expression, null, where, true, null);
  }

  private static Headline count(String code, String view, String expression, boolean monthly) {
    return new Headline(code, Unit.COUNT, view, expression, null, null, monthly, null);
  }
}
