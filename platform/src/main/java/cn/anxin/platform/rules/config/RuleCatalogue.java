package cn.anxin.platform.rules.config;

import static cn.anxin.platform.rules.config.ParameterKind.BOOLEAN;
import static cn.anxin.platform.rules.config.ParameterKind.COUNT;
import static cn.anxin.platform.rules.config.ParameterKind.HOURS;
import static cn.anxin.platform.rules.config.ParameterKind.LITRES;
import static cn.anxin.platform.rules.config.ParameterKind.MINUTES;
import static cn.anxin.platform.rules.config.ParameterKind.PERCENT;
import static cn.anxin.platform.rules.config.ParameterKind.RATE;
import static cn.anxin.platform.rules.config.ParameterKind.SECONDS;
import static cn.anxin.platform.rules.config.ParameterKind.SEVERITY;
import static cn.anxin.platform.rules.config.ParameterKind.WATT_HOURS;
import static cn.anxin.platform.rules.config.ParameterKind.ZONES;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert rules of the domain handbook's catalogue (docs/rules.md) with their parameters and the
 * handbook's defaults. Rules 15, 16 (meal fraud flags) and 19 (SLA breach, an escalation of the
 * alert life cycle) raise no elder alert and are not configured here.
 */
public final class RuleCatalogue {

  /** Elder categories (elder.categories), in the order that settles a conflict: the first wins. */
  public static final List<String> CATEGORY_PRIORITY = List.of(
      "DEMENTIA", "DISABLED", "CENTENARIAN", "AGED_80", "EXTREME_POVERTY", "LOW_INCOME", "SPECIAL_FAMILY");

  /** Ability levels of GB/T 42195-2022 (ability_assessment.level). */
  public static final List<String> ABILITY_LEVELS = List.of("INTACT", "MILD", "MODERATE", "SEVERE", "COMPLETE");

  /** The rules AWAY or HOSPITAL mutes by default (DOMAIN.md: 7, 8, 11, 13, 14). */
  public static final List<String> DEFAULT_MUTED_WHEN_AWAY =
      List.of("WATER_12H", "WATER_24H", "ELECTRICITY_INACTIVE", "ROUTINE_DRIFT", "MEAL_NO_SHOW");

  public static final List<RuleSpec> ALL = List.of(
      rule("SOS", 1, true, "P1"),
      rule("FALL", 2, true, "P1",
          p("wearableCancelWindowSeconds", SECONDS, 30)),
      rule("SUSPECTED_FALL", 3, true, "P2",
          p("suspectedEscalateSeconds", SECONDS, 120)),
      rule("LONG_LIE", 4, true, "P2",
          p("bathroomSeverity", SEVERITY, "P1"),
          p("dwellBathroomMinutes", MINUTES, 5),
          p("dwellElsewhereMinutes", MINUTES, 20),
          p("bathroomZones", ZONES, List.of("bathroom", "toilet", "washroom", "卫生间", "浴室", "厕所"))),
      pairs(rule("ABNORMAL_VITALS", 5, true, "P1",
          p("hrLow", RATE, 40),
          p("hrHigh", RATE, 130),
          p("rrLow", RATE, 8),
          p("rrHigh", RATE, 30),
          p("vitalsSustainSeconds", SECONDS, 300),
          p("noBreathSeconds", SECONDS, 60)),
          List.of("hrLow", "hrHigh"), List.of("rrLow", "rrHigh")),
      rule("NIGHT_BED_EXIT", 6, true, "P2",
          p("backWithinMinutes", MINUTES, 30)),
      rule("WATER_12H", 7, true, "P2",
          p("windowHours", HOURS, 12),
          p("minLitres", LITRES, 10)),
      rule("WATER_24H", 8, true, "P1",
          p("windowHours", HOURS, 24),
          p("minLitres", LITRES, 8)),
      rule("CONTINUOUS_WATER", 9, true, "P2",
          p("flowMinutes", MINUTES, 120)),
      rule("WATER_HIGH_USE", 10, true, "P3",
          p("leakHours", HOURS, 24),
          p("dailyLitres", LITRES, 2000)),
      rule("ELECTRICITY_INACTIVE", 11, true, "P2",
          p("morningGraceMinutes", MINUTES, 60),
          p("activeMarginWh", WATT_HOURS, 30),
          p("learningDays", COUNT, 14)),
      rule("NIGHT_ELECTRICITY", 12, true, "P3",
          p("continuousNightHours", HOURS, 3),
          p("nights", COUNT, 3),
          p("nightPercentile", PERCENT, 95),
          p("activeMarginWh", WATT_HOURS, 30),
          p("learningDays", COUNT, 14)),
      rule("ROUTINE_DRIFT", 13, true, "P3",
          p("dropPercent", PERCENT, 30),
          p("activeMarginWh", WATT_HOURS, 30),
          p("learningDays", COUNT, 14)),
      rule("MEAL_NO_SHOW", 14, true, "P3",
          p("meterSeverity", SEVERITY, "P2"),
          p("regularDays", COUNT, 4),
          p("regularWindowDays", COUNT, 5),
          p("absentDays", COUNT, 2)),
      rule("DEVICE_OFFLINE", 17, true, "P3",
          p("highRiskSeverity", SEVERITY, "P2"),
          p("missedHeartbeats", COUNT, 3),
          p("radarHeartbeatSeconds", SECONDS, 60),
          p("missedUploads", COUNT, 2),
          p("meterUploadMinutes", MINUTES, 30),
          p("wearableSilentHours", HOURS, 26)),
      rule("LOW_BATTERY", 17, true, "P3",
          p("highRiskSeverity", SEVERITY, "P2"),
          p("batteryLowPercent", PERCENT, 20)),
      rule("VISIT_OVERDUE", 18, true, "P3",
          p("highRiskDays", COUNT, 7),
          p("keyDays", COUNT, 30),
          p("watchGeneral", BOOLEAN, false),
          p("generalDays", COUNT, 90)),
      rule("WANDERING", 20, true, "P2",
          p("nightSeverity", SEVERITY, "P1")));

  private static final Map<String, RuleSpec> BY_CODE = index();

  private RuleCatalogue() {}

  public static Optional<RuleSpec> find(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  public static RuleSpec get(String code) {
    return find(code).orElseThrow(() -> new IllegalArgumentException("no rule " + code));
  }

  private static RuleSpec rule(String code, int number, boolean built, String severity, Parameter... thresholds) {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    parameters.put(RuleSpec.ENABLED, new Parameter(RuleSpec.ENABLED, BOOLEAN, true));
    parameters.put(RuleSpec.SEVERITY, new Parameter(RuleSpec.SEVERITY, SEVERITY, severity));
    for (Parameter p : thresholds) {
      parameters.put(p.name(), p);
    }
    return new RuleSpec(code, number, built, parameters, List.of());
  }

  @SafeVarargs
  private static RuleSpec pairs(RuleSpec spec, List<String>... pairs) {
    List<List<String>> all = new ArrayList<>(spec.orderedPairs());
    all.addAll(List.of(pairs));
    return new RuleSpec(spec.code(), spec.number(), spec.built(), spec.parameters(), all);
  }

  private static Parameter p(String name, ParameterKind kind, Object defaultValue) {
    return new Parameter(name, kind, defaultValue);
  }

  private static Map<String, RuleSpec> index() {
    Map<String, RuleSpec> byCode = new LinkedHashMap<>();
    for (RuleSpec spec : ALL) {
      if (byCode.put(spec.code(), spec) != null) {
        throw new IllegalStateException("rule " + spec.code() + " is in the catalogue twice");
      }
    }
    return byCode;
  }
}
